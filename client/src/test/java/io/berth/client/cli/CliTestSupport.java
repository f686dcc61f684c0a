package io.berth.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.client.BerthJson;
import io.berth.client.FakeBerthServer;
import io.berth.client.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A fake server and an environment pointing {@code berth} at it. */
abstract class CliTestSupport {

    static final ObjectMapper MAPPER = BerthJson.newObjectMapper();
    static final String EVENTS_PATH = "/api/v1/commands/" + Samples.COMMAND_ID + "/events";
    static final String COMMAND_PATH = "/api/v1/commands/" + Samples.COMMAND_ID;

    @TempDir
    Path dataDir;

    FakeBerthServer server;
    Map<String, String> env;

    @BeforeEach
    void startServer() {
        server = FakeBerthServer.start();
        env = new HashMap<>(Map.of(
                "BERTH_URL", server.uri().toString(),
                "BERTH_API_KEY", FakeBerthServer.KEY,
                // Never the admin-key of whatever directory the tests run in.
                "BERTH_DATA_DIR", dataDir.toString()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    CliRunner.Result berth(String... args) {
        return CliRunner.run(env, args);
    }

    static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /** Streams the given events (pairs of SSE event name and data) and ends the stream. */
    void streamEvents(String[]... events) {
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            OutputStream out = FakeBerthServer.startEventStream(exchange);
            for (int i = 0; i < events.length; i++) {
                FakeBerthServer.writeEvent(out, i + 1, events[i][0], events[i][1]);
            }
            out.close();
        });
    }

    /** The events of a command whose second task fails. */
    static final String[][] FAILING_EVENTS = {
            {"command", Samples.event(1, "command", null, null, "PENDING", 1, 0, "")},
            {"task", Samples.event(2, "task", Samples.TASK_PREPARE, "prepare", "PENDING", 1, 1, "")},
            {"task", Samples.event(3, "task", Samples.TASK_PREPARE, "prepare", "COMPLETED", 5, 1, "exit code 0")},
            {"task", Samples.event(4, "task", Samples.TASK_START, "start", "PENDING", 1, 1, "")},
            {"task", Samples.event(5, "task", Samples.TASK_START, "start", "FAILED", 9, 1, "exit code 3")},
            {"task", Samples.event(6, "task", Samples.TASK_CHECK, "check", "REMOVED", 8, 0, "not run")},
            {"command", Samples.event(7, "command", null, null, "FAILED", 9, 0, "task 'start' failed: exit code 3")},
    };
}

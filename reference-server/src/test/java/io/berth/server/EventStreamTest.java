package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Progress of a command as Server-Sent Events: order, resumption and the end of the stream. */
class EventStreamTest {
    /** A bound on each test, so that a stream that never ends fails the test instead of hanging the build. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path data;
    private final FakeProvider fake = new FakeProvider();
    private TestServer server;

    /** One frame of the stream: an event, or a comment. */
    record Frame(String id, String event, JsonNode data, String comment) {
        String describe() {
            if (comment != null) {
                return ":" + comment;
            }
            String task = data.path("taskName").isNull() ? "" : " " + data.path("taskName").asText();
            return id + " " + event + task + " " + data.path("state").asText();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamsEveryTransitionOfAThreeTaskInstallInOrderAndEnds() {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        fake.on("configure", gate);
        server = TestServer.inMemory(data, fake);
        server.http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "prepare", "configure", "start"));
        String id = server.http.post("/api/v1/commands", server.adminKey, Plans.install("notebook")).json()
                .path("id").asText();

        List<Frame> frames = assertTimeoutPreemptively(BOUND, () -> {
            HttpResponse<InputStream> response = open(id, server.adminKey);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            // the gate opens only once the stream has shown the task waiting at it: the rest arrives live
            return read(response.body(), frame -> {
                if ("progress".equals(frame.event())) {
                    gate.open();
                }
                return true;
            });
        });

        assertThat(frames).extracting(Frame::describe).containsExactly(
                "1 command INITIATED",
                "2 command PENDING",
                "3 task prepare PENDING",
                "4 task prepare COMPLETED",
                "5 task configure PENDING",
                "6 progress configure PENDING",
                "7 task configure COMPLETED",
                "8 task start PENDING",
                "9 task start COMPLETED",
                "10 command COMPLETED");
        JsonNode progress = frames.get(5).data();
        assertThat(progress.path("seq").asLong()).isEqualTo(6);
        assertThat(progress.path("type").asText()).isEqualTo("progress");
        assertThat(progress.path("message").asText()).isEqualTo("waiting at the gate");
        assertThat(progress.path("attempt").asInt()).isEqualTo(1);
        assertThat(progress.path("stateCode").asInt()).isEqualTo(1);
        assertThat(progress.path("at").asText()).endsWith("Z");
        JsonNode taskDone = frames.get(3).data();
        assertThat(taskDone.path("message").asText()).isEqualTo("exit code 0");
        assertThat(taskDone.path("task").asText()).hasSize(36);
        JsonNode commandDone = frames.get(9).data();
        assertThat(commandDone.path("task").isNull()).isTrue();
        assertThat(commandDone.path("taskName").isNull()).isTrue();
        assertThat(commandDone.path("stateCode").asInt()).isEqualTo(5);
        assertThat(commandDone.path("attempt").asInt()).isEqualTo(0);
    }

    @Test
    void resumesAfterTheLastEventSeen() {
        server = TestServer.inMemory(data, fake);
        server.http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "prepare", "configure", "start"));
        String id = server.http.post("/api/v1/commands", server.adminKey, Plans.install("notebook")).json()
                .path("id").asText();
        server.http.awaitCommand(server.adminKey, id);

        List<Frame> resumed = assertTimeoutPreemptively(BOUND, () ->
                read(server.http.stream(server.http.request("/api/v1/commands/" + id + "/events", server.adminKey,
                        "Last-Event-ID", "5").GET()).body(), frame -> true));
        assertThat(resumed).extracting(Frame::describe).containsExactly(
                "6 task configure COMPLETED",
                "7 task start PENDING",
                "8 task start COMPLETED",
                "9 command COMPLETED");

        List<Frame> byQuery = assertTimeoutPreemptively(BOUND, () ->
                read(server.http.stream(server.http.request("/api/v1/commands/" + id + "/events?after=8",
                        server.adminKey).GET()).body(), frame -> true));
        assertThat(byQuery).extracting(Frame::describe).containsExactly("9 command COMPLETED");

        // after the last event of a finished command the stream ends at once, empty
        List<Frame> none = assertTimeoutPreemptively(BOUND, () ->
                read(server.http.stream(server.http.request("/api/v1/commands/" + id + "/events", server.adminKey,
                        "Last-Event-ID", "9").GET()).body(), frame -> true));
        assertThat(none).isEmpty();
    }

    @Test
    void reconnectingInTheMiddleGetsOnlyTheLaterEvents() {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        fake.on("configure", gate);
        server = TestServer.inMemory(data, fake);
        server.http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "prepare", "configure", "start"));
        String id = server.http.post("/api/v1/commands", server.adminKey, Plans.install("notebook")).json()
                .path("id").asText();

        // the first connection drops after the progress event, while the task still waits at the gate
        List<Frame> first = assertTimeoutPreemptively(BOUND, () ->
                read(open(id, server.adminKey).body(), frame -> !"progress".equals(frame.event())));
        assertThat(first).extracting(Frame::id).containsExactly("1", "2", "3", "4", "5", "6");

        List<Frame> second = assertTimeoutPreemptively(BOUND, () -> {
            HttpResponse<InputStream> response = server.http.stream(server.http.request(
                    "/api/v1/commands/" + id + "/events", server.adminKey, "Last-Event-ID", first.get(5).id()).GET());
            gate.open();
            return read(response.body(), frame -> true);
        });
        assertThat(second).extracting(Frame::describe).containsExactly(
                "7 task configure COMPLETED",
                "8 task start PENDING",
                "9 task start COMPLETED",
                "10 command COMPLETED");
    }

    @Test
    void sendsKeepAliveCommentsWhileNothingHappens() {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        fake.on("prepare", gate);
        server = TestServer.inMemory(data, new InMemoryStores(), Duration.ofMillis(100), fake);
        server.http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "prepare"));
        String id = server.http.post("/api/v1/commands", server.adminKey, Plans.install("notebook")).json()
                .path("id").asText();

        List<Frame> frames = assertTimeoutPreemptively(BOUND, () -> read(open(id, server.adminKey).body(), frame -> {
            if (frame.comment() != null) {
                gate.open();
            }
            return true;
        }));
        assertThat(frames).extracting(Frame::describe).contains(":keep-alive");
        assertThat(frames.get(frames.size() - 1).describe()).isEqualTo("6 command COMPLETED");
    }

    private HttpResponse<InputStream> open(String commandId, String key) {
        return server.http.stream(server.http.request("/api/v1/commands/" + commandId + "/events", key).GET());
    }

    /** Reads frames until the stream ends or {@code more} says to stop. */
    private static List<Frame> read(InputStream body, Predicate<Frame> more) {
        List<Frame> frames = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            String data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Frame frame = new Frame(id, event, Http.JSON.readTree(data), null);
                        frames.add(frame);
                        if (!more.test(frame)) {
                            return frames;
                        }
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    Frame frame = new Frame(null, null, null, line.substring(1).strip());
                    frames.add(frame);
                    if (!more.test(frame)) {
                        return frames;
                    }
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else {
                    throw new AssertionError("unexpected line in the stream: " + line);
                }
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

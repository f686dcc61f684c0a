package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.cli.BerthCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code berth levels set|reset} against a real server. */
class LevelsCliTest {
    @TempDir
    Path data;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void setChangesOnlyTheGivenQuotasAndResetRestoresTheConfiguredOnes() throws Exception {
        String[] result = berth(server.adminKey, "levels", "set", "1", "--notebooks", "5", "--notebook-size", "1024",
                "--saved-months", "keep", "--default-package", "medium");
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1].lines()).hasSize(2);
        assertThat(result[1].lines().toList().get(1))
                .matches("1 +5 x 1024 MiB +100 x 1024 MiB +200 x 1024 MiB +7 d, permanently, 12 months +medium");

        JsonNode levels = Http.JSON.readTree(berth(server.adminKey, "levels", "--output", "json")[1]);
        JsonNode one = levels.get(1);
        assertThat(one.path("notebooks").path("maxCount").asInt()).isEqualTo(5);
        assertThat(one.path("notebooks").path("maxSizeMiB").asLong()).isEqualTo(1024);
        assertThat(one.path("savedData").path("maxCount").asInt()).isEqualTo(100);
        assertThat(one.path("retention").path("savedDataMonths").isNull()).isTrue();
        assertThat(one.path("retention").path("notebookMonths").asInt()).isEqualTo(12);
        assertThat(one.path("defaultPackage").asText()).isEqualTo("medium");

        String alice = server.createUser("alice");
        String[] refused = berth(alice, "levels", "set", "1", "--notebooks", "9");
        assertThat(refused[0]).isEqualTo("5");
        assertThat(refused[2]).contains("(forbidden)");
        assertThat(berth(server.adminKey, "levels", "set", "1", "--saved-months", "often")[0]).isEqualTo("2");

        String[] reset = berth(server.adminKey, "levels", "reset", "1", "--output", "json");
        assertThat(reset[0]).isEqualTo("0");
        assertThat(Http.JSON.readTree(reset[1]).path("defaultPackage").asText()).isEqualTo("small");
        assertThat(Http.JSON.readTree(berth(alice, "levels", "--output", "json")[1]).get(1)
                .path("notebooks").path("maxCount").asInt()).isEqualTo(50);
    }

    private String[] berth(String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("BERTH_URL", server.server.baseUri().toString(), "BERTH_API_KEY", key,
                "BERTH_DATA_DIR", data.resolve("cli").toString());
        int code = new BerthCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).toCommandLine().execute(args);
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}

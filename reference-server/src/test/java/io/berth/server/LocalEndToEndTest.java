package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The embedded default as {@code berth serve} runs it: H2 in a file under the data folder, the local
 * provider running the shipped demo scripts, and the demo catalog.
 */
class LocalEndToEndTest {
    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private String admin;

    @BeforeEach
    void start() {
        server = TestServer.fromEnvironment(data, Map.of());
        http = server.http;
        admin = server.adminKey;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void demoNotebookInstallsConfiguresAndIsRemoved() throws IOException {
        JsonNode plans = http.get("/api/v1/plans", admin).json();
        assertThat(plans).extracting(p -> p.path("name").asText() + "@" + p.path("latestVersion").asInt())
                .containsExactly("notebook@1");
        assertThat(Files.isRegularFile(data.resolve("scripts/notebook/install.sh"))).isTrue();
        JsonNode configuration = http.get("/api/v1/plans/notebook/configurations/1", admin).json();
        assertThat(configuration.path("installTasks")).extracting(t -> t.path("name").asText())
                .containsExactly("prepare", "configure", "start");
        assertThat(configuration.path("installTasks").get(0).path("script").path("path").asText())
                .isEqualTo("notebook/install.sh");

        String alice = server.createUser("alice");
        Http.Response accepted = http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"size\":\"small\"}}");
        assertThat(accepted.status()).isEqualTo(202);
        String installId = accepted.json().path("id").asText();

        List<String> transitions = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> readEvents(installId, alice, transitions, progress));
        assertThat(transitions).containsExactly(
                "command INITIATED", "command PENDING",
                "task prepare PENDING", "task prepare COMPLETED",
                "task configure PENDING", "task configure COMPLETED",
                "task start PENDING", "task start COMPLETED",
                "command COMPLETED");
        assertThat(progress).contains("reserving a workspace", "workspace ready", "applying size small",
                "notebook server started");

        JsonNode install = http.get("/api/v1/commands/" + installId, alice).json();
        assertThat(install.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(install.path("stateCode").asInt()).isEqualTo(5);
        String deployment = install.path("deployment").asText();
        JsonNode prepare = install.path("tasks").get(0);
        assertThat(prepare.path("exitCode").asInt()).isZero();
        assertThat(prepare.path("output").asText()).contains("install: preparing notebook " + deployment)
                .contains("workspace size: small");
        assertThat(http.get("/api/v1/deployments/" + deployment, alice).json().path("stateCode").asInt()).isEqualTo(5);
        assertThat(awaitHealth(alice, deployment).path("message").asText())
                .isEqualTo("notebook " + deployment + " is healthy");

        String configureId = http.post("/api/v1/commands", alice, "{\"action\":\"configure\",\"deployment\":\""
                + deployment + "\",\"parameters\":{\"size\":\"large\"}}").json().path("id").asText();
        JsonNode configured = http.awaitCommand(alice, configureId);
        assertThat(configured.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(configured.path("tasks").get(1).path("output").asText()).contains("BERTH_PARAM_SIZE=large");

        String removeId = http.delete("/api/v1/deployments/" + deployment, alice).json().path("id").asText();
        JsonNode removed = http.awaitCommand(alice, removeId);
        assertThat(removed.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(removed.path("tasks").get(0).path("output").asText()).contains("notebook " + deployment + " removed");
        JsonNode gone = http.get("/api/v1/deployments/" + deployment, alice).json();
        assertThat(gone.path("state").asText()).isEqualTo("REMOVED");
        assertThat(gone.path("stateCode").asInt()).isEqualTo(8);

        Http.Response ready = http.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks")).extracting(c -> c.path("name").asText() + "=" + c.path("status").asText())
                .containsExactly("store=UP", "provider:local=UP");
    }

    private void readEvents(String commandId, String key, List<String> transitions, List<String> progress)
            throws IOException {
        var response = http.stream(http.request("/api/v1/commands/" + commandId + "/events", key).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                JsonNode event = Http.JSON.readTree(line.substring(6));
                String type = event.path("type").asText();
                if (type.equals("progress")) {
                    progress.add(event.path("message").asText());
                } else {
                    String task = event.path("taskName").isNull() ? "" : " " + event.path("taskName").asText();
                    transitions.add(type + task + " " + event.path("state").asText());
                }
            }
        }
    }

    private JsonNode awaitHealth(String key, String deployment) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            JsonNode health = http.get("/api/v1/deployments/" + deployment, key).json().path("health");
            if (!health.path("status").asText().equals("UNKNOWN")) {
                assertThat(health.path("status").asText()).isEqualTo("HEALTHY");
                assertThat(health.path("checkedAt").asText()).isNotEmpty();
                return health;
            }
            assertThat(Instant.now()).as("the health check ran in time").isBefore(deadline);
            Http.pause();
        }
    }
}

package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.platform.testing.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes of docs/api.md, used as documented, against the in-memory store and the fake provider. */
class ApiTest {
    @TempDir
    Path data;
    private final FakeProvider fake = new FakeProvider();
    private TestServer server;
    private Http http;
    private String admin;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data, fake);
        http = server.http;
        admin = server.adminKey;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void plansAndConfigurations() {
        Http.Response created = http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "prepare", "start"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.mediaType()).isEqualTo("application/json");
        assertThat(created.contentType()).containsIgnoringCase("charset=utf-8");
        assertThat(created.header("Location")).isEqualTo("/api/v1/plans/notebook");
        assertThat(created.json().path("name").asText()).isEqualTo("notebook");
        assertThat(created.json().path("latestVersion").asInt()).isEqualTo(1);

        Http.Response empty = http.post("/api/v1/plans", admin, "{\"name\":\"archive\",\"description\":\"later\"}");
        assertThat(empty.status()).isEqualTo(201);
        assertThat(empty.json().get("latestVersion").isNull()).isTrue();

        JsonNode plans = http.get("/api/v1/plans", admin).json();
        assertThat(plans).extracting(p -> p.path("name").asText()).containsExactly("archive", "notebook");

        Http.Response v2 = http.post("/api/v1/plans/notebook/configurations", admin, Http.json(java.util.Map.of(
                "installTasks", List.of(java.util.Map.of("name", "prepare", "kind", "fake", "timeout", "PT30S",
                        "retries", 2, "retryBackoff", "PT2S", "repeatable", true,
                        "arguments", List.of("--fast"), "environment", java.util.Map.of("LOG_LEVEL", "info"))),
                "healthCheck", java.util.Map.of("name", "probe", "kind", "fake"),
                "healthInterval", "PT5M")));
        assertThat(v2.status()).isEqualTo(201);
        assertThat(v2.header("Location")).isEqualTo("/api/v1/plans/notebook/configurations/2");
        JsonNode task = v2.json().path("installTasks").get(0);
        assertThat(task.path("timeout").asText()).isEqualTo("PT30S");
        assertThat(task.path("retries").asInt()).isEqualTo(2);
        assertThat(task.path("retryBackoff").asText()).isEqualTo("PT2S");
        assertThat(task.path("repeatable").asBoolean()).isTrue();
        assertThat(task.path("arguments").get(0).asText()).isEqualTo("--fast");
        assertThat(v2.json().path("healthCheck").path("name").asText()).isEqualTo("probe");
        assertThat(v2.json().path("healthInterval").asText()).isEqualTo("PT5M");
        assertThat(v2.json().path("removeTasks")).isEmpty();

        JsonNode versions = http.get("/api/v1/plans/notebook/configurations", admin).json();
        assertThat(versions).extracting(c -> c.path("version").asInt()).containsExactly(1, 2);
        JsonNode first = http.get("/api/v1/plans/notebook/configurations/1", admin).json();
        assertThat(first.path("plan").asText()).isEqualTo("notebook");
        assertThat(first.path("installTasks")).extracting(t -> t.path("name").asText()).containsExactly("prepare", "start");
        assertThat(first.path("installTasks").get(0).path("timeout").asText()).isEqualTo("PT10M");
        assertThat(first.path("healthCheck").isNull()).isTrue();
        assertThat(http.get("/api/v1/plans/notebook", admin).json().path("latestVersion").asInt()).isEqualTo(2);

        // a configuration read back can be sent as the next version: the fields the server fills are ignored
        Http.Response v3 = http.post("/api/v1/plans/notebook/configurations", admin, first.toString());
        assertThat(v3.status()).isEqualTo(201);
        assertThat(v3.json().path("version").asInt()).isEqualTo(3);
        assertThat(v3.json().path("id").asText()).isNotEqualTo(first.path("id").asText());

        assertThat(http.delete("/api/v1/plans/archive", admin).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/plans/archive", admin).status()).isEqualTo(404);
    }

    @Test
    void installConfigureAndRemove() {
        http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "prepare", "start"));
        String user = server.createUser("alice");

        Http.Response accepted = http.post("/api/v1/commands", user, Plans.install("notebook"));
        assertThat(accepted.status()).isEqualTo(202);
        String commandId = accepted.json().path("id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/commands/" + commandId);
        assertThat(accepted.header("Idempotency-Replayed")).isNull();
        assertThat(accepted.json().path("action").asText()).isEqualTo("install");
        assertThat(accepted.json().path("plan").asText()).isEqualTo("notebook");
        assertThat(accepted.json().path("configurationVersion").asInt()).isEqualTo(1);
        assertThat(accepted.json().path("tasks")).extracting(t -> t.path("name").asText()).containsExactly("prepare", "start");

        JsonNode done = http.awaitCommand(user, commandId);
        assertThat(done.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("stateCode").asInt()).isEqualTo(5);
        assertThat(done.path("parameters").path("size").asText()).isEqualTo("small");
        JsonNode prepare = done.path("tasks").get(0);
        assertThat(prepare.path("phase").asText()).isEqualTo("install");
        assertThat(prepare.path("kind").asText()).isEqualTo("fake");
        assertThat(prepare.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(prepare.path("attempt").asInt()).isEqualTo(1);
        assertThat(prepare.path("exitCode").asInt()).isEqualTo(0);
        assertThat(prepare.path("output").asText()).isEqualTo("ok prepare");
        assertThat(prepare.path("startedAt").asText()).isNotEmpty();

        String deploymentId = done.path("deployment").asText();
        JsonNode deployment = http.get("/api/v1/deployments/" + deploymentId, user).json();
        assertThat(deployment.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(deployment.path("stateCode").asInt()).isEqualTo(5);
        assertThat(deployment.path("plan").asText()).isEqualTo("notebook");
        assertThat(deployment.path("owner").asText()).isEqualTo(http.get("/api/v1/me", user).json().path("id").asText());
        assertThat(deployment.path("health").path("status").asText()).isEqualTo("UNKNOWN");

        Http.Response configure = http.post("/api/v1/commands", user, "{\"action\":\"configure\",\"deployment\":\""
                + deploymentId + "\",\"parameters\":{\"size\":\"large\"}}");
        assertThat(configure.status()).isEqualTo(202);
        JsonNode configured = http.awaitCommand(user, configure.json().path("id").asText());
        assertThat(configured.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(http.get("/api/v1/deployments/" + deploymentId, user).json().path("parameters").path("size").asText())
                .isEqualTo("large");

        Http.Response remove = http.delete("/api/v1/deployments/" + deploymentId, user);
        assertThat(remove.status()).isEqualTo(202);
        assertThat(remove.json().path("action").asText()).isEqualTo("remove");
        JsonNode removed = http.awaitCommand(user, remove.json().path("id").asText());
        assertThat(removed.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(removed.path("tasks")).extracting(t -> t.path("name").asText()).containsExactly("teardown");
        JsonNode gone = http.get("/api/v1/deployments/" + deploymentId, user).json();
        assertThat(gone.path("state").asText()).isEqualTo("REMOVED");
        assertThat(gone.path("stateCode").asInt()).isEqualTo(8);

        assertThat(http.get("/api/v1/deployments", user).json()).isEmpty();
        assertThat(http.get("/api/v1/deployments?includeRemoved=true", user).json())
                .extracting(d -> d.path("id").asText()).containsExactly(deploymentId);
        List<String> actions = new ArrayList<>();
        http.get("/api/v1/commands?deployment=" + deploymentId, user).json()
                .forEach(c -> actions.add(c.path("action").asText()));
        assertThat(actions).containsExactly("remove", "configure", "install");
        assertThat(http.get("/api/v1/commands?limit=1", user).json()).hasSize(1);
        assertThat(fake.calls()).extracting(FakeProvider.Call::task)
                .containsExactly("prepare", "start", "prepare", "start", "teardown");
    }

    @Test
    void accountsAndKeys() {
        JsonNode me = http.get("/api/v1/me", admin).json();
        assertThat(me.path("name").asText()).isEqualTo("admin");
        assertThat(me.path("role").asText()).isEqualTo("ADMIN");

        Http.Response created = http.post("/api/v1/accounts", admin, "{\"name\":\"bob\",\"role\":\"USER\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("account").path("name").asText()).isEqualTo("bob");
        assertThat(created.json().path("account").path("role").asText()).isEqualTo("USER");
        String bobKey = created.json().path("apiKey").asText();
        assertThat(bobKey).startsWith("berth_");
        assertThat(http.get("/api/v1/me", bobKey).json().path("name").asText()).isEqualTo("bob");

        Http.Response key = http.post("/api/v1/accounts/bob/api-keys", admin,
                "{\"name\":\"laptop\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}");
        assertThat(key.status()).isEqualTo(201);
        String laptop = key.json().path("apiKey").asText();
        assertThat(laptop).startsWith("berth_" + key.json().path("keyId").asText() + "_");
        assertThat(http.get("/api/v1/me", laptop).json().path("name").asText()).isEqualTo("bob");

        // users may make keys for themselves
        assertThat(http.post("/api/v1/accounts/bob/api-keys", bobKey, "{}").status()).isEqualTo(201);

        // levels: 1 unless told; admins change them, and the next request of the account carries the new one
        assertThat(created.json().path("account").path("level").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/me", bobKey).json().path("level").asInt()).isEqualTo(1);
        Http.Response raised = http.patch("/api/v1/accounts/bob", admin, "{\"level\":3}");
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().path("level").asInt()).isEqualTo(3);
        JsonNode bobAtThree = http.get("/api/v1/me", bobKey).json();
        assertThat(bobAtThree.path("level").asInt()).isEqualTo(3);
        // level 3 has no entry of its own: the level-n quotas of level 2 apply, with its medium package
        assertThat(bobAtThree.path("quotas").path("level").asInt()).isEqualTo(2);
        assertThat(bobAtThree.path("environment").path("resources.package").asText()).isEqualTo("medium");
        assertThat(bobAtThree.path("environment").path("resources.spark.worker.cores").asText()).isEqualTo("8");
        assertThat(bobAtThree.path("environment").path("retention.notebooks.months").asText()).isEqualTo("keep");
        JsonNode levels = http.get("/api/v1/levels", bobKey).json();
        assertThat(levels).extracting(l -> l.path("level").asInt() + ":" + l.path("defaultPackage").asText())
                .containsExactly("0:tiny", "1:small", "2:medium");
        assertThat(levels.get(0).path("retention").path("transientAccount").asBoolean()).isTrue();
        assertThat(http.patch("/api/v1/accounts/bob", bobKey, "{\"level\":9}").status()).isEqualTo(403);
        assertThat(http.post("/api/v1/accounts", admin, "{\"name\":\"guest\",\"level\":0}").json()
                .path("account").path("level").asInt()).isEqualTo(0);

        assertThat(http.get("/api/v1/accounts", admin).json()).extracting(a -> a.path("name").asText())
                .containsExactly("admin", "bob", "guest");
    }

    @Test
    void adminSeesEveryonesDeployments() {
        http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "prepare"));
        String alice = server.createUser("alice");
        String bob = server.createUser("bob");
        String aliceCommand = http.post("/api/v1/commands", alice, Plans.install("notebook")).json().path("id").asText();
        String bobCommand = http.post("/api/v1/commands", bob, Plans.install("notebook")).json().path("id").asText();
        http.awaitCommand(alice, aliceCommand);
        http.awaitCommand(bob, bobCommand);

        assertThat(http.get("/api/v1/deployments", alice).json()).hasSize(1);
        assertThat(http.get("/api/v1/deployments", admin).json()).hasSize(2);
        assertThat(http.get("/api/v1/commands", alice).json()).extracting(c -> c.path("id").asText())
                .containsExactly(aliceCommand);
        assertThat(http.get("/api/v1/commands", admin).json()).extracting(c -> c.path("id").asText())
                .containsExactly(bobCommand, aliceCommand);
        assertThat(http.get("/api/v1/commands/" + bobCommand, admin).status()).isEqualTo(200);
    }

    @Test
    void failedTaskFailsTheCommandAndWithdrawsTheRest() {
        fake.on("start", FakeProvider.exit(3));
        http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "prepare", "start", "announce"));
        String id = http.post("/api/v1/commands", admin, Plans.install("notebook")).json().path("id").asText();

        JsonNode failed = http.awaitCommand(admin, id);
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("stateCode").asInt()).isEqualTo(9);
        assertThat(failed.path("reason").asText()).isEqualTo("task 'start' failed: exit code 3");
        assertThat(failed.path("tasks")).extracting(t -> t.path("state").asText())
                .containsExactly("COMPLETED", "FAILED", "REMOVED");
        assertThat(failed.path("tasks").get(1).path("exitCode").asInt()).isEqualTo(3);
        JsonNode deployment = http.get("/api/v1/deployments/" + failed.path("deployment").asText(), admin).json();
        assertThat(deployment.path("state").asText()).isEqualTo("FAILED");
    }
}

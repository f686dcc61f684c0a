package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.account.Role;
import io.berth.core.provisioning.HealthStatus;
import io.berth.core.state.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.berth.client.Samples.ACCOUNT_ID;
import static io.berth.client.Samples.COMMAND_ID;
import static io.berth.client.Samples.DEPLOYMENT_ID;
import static io.berth.client.Samples.PLAN_ID;
import static io.berth.client.Samples.SHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BerthClientTest {

    private final ObjectMapper mapper = BerthJson.newObjectMapper();
    private FakeBerthServer server;
    private BerthClient client;

    @BeforeEach
    void start() {
        server = FakeBerthServer.start();
        client = BerthClient.builder().baseUri(server.uri()).apiKey(FakeBerthServer.KEY)
                .timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void mapsPlans() {
        server.json("GET", "/api/v1/plans", 200, "[" + Samples.PLAN + "," + Samples.PLAN_WITHOUT_CONFIGURATION + "]");

        List<PlanView> plans = client.listPlans();

        assertThat(plans).containsExactly(
                new PlanView(PLAN_ID, "notebook", "A Jupyter notebook", Instant.parse("2026-11-23T10:00:00Z"), 1),
                new PlanView("7c6f0000-0000-4000-8000-000000000002", "spark", "",
                        Instant.parse("2026-11-23T11:30:00Z"), null));
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer " + FakeBerthServer.KEY);
        assertThat(server.lastRequest().header("Accept")).isEqualTo("application/json, application/problem+json");
    }

    @Test
    void mapsOnePlanAndEncodesItsName() {
        server.json("GET", "/api/v1/plans/my plan", 200, Samples.PLAN);

        assertThat(client.getPlan("my plan").name()).isEqualTo("notebook");
        assertThat(server.lastRequest().path()).isEqualTo("/api/v1/plans/my plan");
    }

    @Test
    void mapsConfigurationsWithBothKindsOfScript() {
        server.json("GET", "/api/v1/plans/notebook/configurations", 200, "[" + Samples.CONFIGURATION + "]");

        List<ConfigurationView> configurations = client.listConfigurations("notebook");

        TaskSpecView prepare = new TaskSpecView("prepare", "script", ScriptView.installed("notebook/prepare.sh"), "sh",
                List.of("--fast"), Map.of("LOG_LEVEL", "info"), Map.of(), Duration.ofMinutes(5), 2,
                Duration.ofSeconds(1), true);
        TaskSpecView start = new TaskSpecView("start", "script",
                ScriptView.fetched(URI.create("https://example.org/start.py"), SHA), "python3", List.of(), Map.of(),
                Map.of(), Duration.ofMinutes(10), 0, Duration.ofSeconds(1), false);
        TaskSpecView stop = new TaskSpecView("stop", "script", ScriptView.installed("notebook/stop.sh"), "sh",
                List.of(), Map.of(), Map.of(), Duration.ofMinutes(10), 0, Duration.ofSeconds(1), false);
        TaskSpecView probe = new TaskSpecView("probe", "script", ScriptView.installed("notebook/health.sh"), "sh",
                List.of(), Map.of(), Map.of(), Duration.ofSeconds(30), 0, Duration.ofSeconds(1), true);
        assertThat(configurations).containsExactly(new ConfigurationView("c0f10000-0000-4000-8000-000000000001",
                "notebook", 1, Instant.parse("2026-11-23T10:00:01Z"), List.of(prepare, start), List.of(stop), probe,
                Duration.ofMinutes(1)));
    }

    @Test
    void mapsOneConfigurationVersion() {
        server.json("GET", "/api/v1/plans/notebook/configurations/1", 200, Samples.CONFIGURATION);

        assertThat(client.getConfiguration("notebook", 1).version()).isEqualTo(1);
    }

    @Test
    void createsAPlanWithOnlyTheFieldsGiven() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN, "Location", "/api/v1/plans/notebook");
        ConfigurationRequest configuration = new ConfigurationRequest(
                List.of(TaskSpecView.script("install", ScriptView.installed("notebook/install.sh"), "sh")
                                .withRetries(2).withTimeout(Duration.ofMinutes(5)).withRepeatable(true),
                        TaskSpecView.script("start", ScriptView.fetched(URI.create("https://example.org/start.py"), SHA),
                                null)),
                null, null, null);

        PlanView plan = client.createPlan(new PlanRequest("notebook", "A Jupyter notebook", configuration));

        assertThat(plan.id()).isEqualTo(PLAN_ID);
        assertThat(server.lastRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree("""
                {"name": "notebook", "description": "A Jupyter notebook",
                 "configuration": {"installTasks": [
                   {"name": "install", "script": {"path": "notebook/install.sh"}, "interpreter": "sh",
                    "timeout": "PT5M", "retries": 2, "repeatable": true},
                   {"name": "start", "script": {"url": "https://example.org/start.py", "sha256": "%s"}}]}}
                """.formatted(SHA)));
    }

    @Test
    void addsAConfiguration() throws Exception {
        server.json("POST", "/api/v1/plans/notebook/configurations", 201, Samples.CONFIGURATION);
        ConfigurationRequest request = new ConfigurationRequest(
                List.of(TaskSpecView.script("prepare", ScriptView.installed("notebook/prepare.sh"), "sh")),
                List.of(TaskSpecView.script("stop", ScriptView.installed("notebook/stop.sh"), "sh")),
                TaskSpecView.script("probe", ScriptView.installed("notebook/health.sh"), "sh"),
                Duration.ofSeconds(90));

        ConfigurationView stored = client.addConfiguration("notebook", request);

        assertThat(stored.installTasks()).extracting(TaskSpecView::name).containsExactly("prepare", "start");
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree("""
                {"installTasks": [{"name": "prepare", "script": {"path": "notebook/prepare.sh"}, "interpreter": "sh"}],
                 "removeTasks": [{"name": "stop", "script": {"path": "notebook/stop.sh"}, "interpreter": "sh"}],
                 "healthCheck": {"name": "probe", "script": {"path": "notebook/health.sh"}, "interpreter": "sh"},
                 "healthInterval": "PT1M30S"}
                """));
    }

    @Test
    void deletesAPlan() {
        server.on("DELETE", "/api/v1/plans/notebook", (exchange, request) -> FakeBerthServer.send(exchange, 204, null, ""));

        client.deletePlan("notebook");

        assertThat(server.requests("DELETE", "/api/v1/plans/notebook")).hasSize(1);
    }

    @Test
    void mapsACommandWithItsTasks() {
        server.json("GET", "/api/v1/commands/" + COMMAND_ID, 200, Samples.COMMAND_FAILED);

        CommandView command = client.getCommand(COMMAND_ID);

        assertThat(command).isEqualTo(new CommandView(COMMAND_ID, "install", "notebook", DEPLOYMENT_ID, 1,
                Map.of("size", "small"), ACCOUNT_ID, State.FAILED, 9, "task 'start' failed: exit code 3",
                Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-23T10:05:09.123456Z"), List.of(
                new TaskView(Samples.TASK_PREPARE, 0, "install", "prepare", "script", State.COMPLETED, 5, 1,
                        Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-23T10:05:01Z"), 0, "ok\n", ""),
                new TaskView(Samples.TASK_START, 1, "install", "start", "script", State.FAILED, 9, 2,
                        Instant.parse("2026-11-23T10:05:01Z"), Instant.parse("2026-11-23T10:05:02Z"), 3, "ok\n",
                        "exit code 3"),
                new TaskView(Samples.TASK_CHECK, 2, "install", "check", "script", State.REMOVED, 8, 0,
                        Instant.parse("2026-11-23T10:05:02Z"), Instant.parse("2026-11-23T10:05:03Z"), null, "ok\n",
                        "not run after an earlier task failed"))));
    }

    @Test
    void listsCommandsWithQueryParameters() {
        server.json("GET", "/api/v1/commands", 200, "[" + Samples.COMMAND_COMPLETED + "]");

        assertThat(client.listCommands(DEPLOYMENT_ID, 20)).extracting(CommandView::id).containsExactly(COMMAND_ID);
        assertThat(server.lastRequest().query()).isEqualTo("limit=20&deployment=" + DEPLOYMENT_ID);

        client.listCommands(null, 100);
        assertThat(server.lastRequest().query()).isEqualTo("limit=100");
        assertThatThrownBy(() -> client.listCommands(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be positive: 0");
    }

    @Test
    void submitsCommandsAndSendsTheIdempotencyKey() throws Exception {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED,
                "Location", "/api/v1/commands/" + COMMAND_ID);

        Submission submission = client.submit(CommandRequest.install("notebook", Map.of("size", "small")), "deploy-42");

        assertThat(submission.replayed()).isFalse();
        assertThat(submission.command().state()).isEqualTo(State.INITIATED);
        assertThat(server.lastRequest().header("Idempotency-Key")).isEqualTo("deploy-42");
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree(
                "{\"action\": \"install\", \"plan\": \"notebook\", \"parameters\": {\"size\": \"small\"}}"));

        client.submit(CommandRequest.configure(DEPLOYMENT_ID, Map.of("size", "large")), null);
        assertThat(server.lastRequest().header("Idempotency-Key")).isNull();
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree(
                "{\"action\": \"configure\", \"deployment\": \"" + DEPLOYMENT_ID
                        + "\", \"parameters\": {\"size\": \"large\"}}"));

        client.submit(CommandRequest.remove(DEPLOYMENT_ID), null);
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree(
                "{\"action\": \"remove\", \"deployment\": \"" + DEPLOYMENT_ID + "\"}"));
    }

    @Test
    void reportsAReplayedSubmission() {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_COMPLETED, "Idempotency-Replayed", "true");

        Submission submission = client.submit(CommandRequest.install("notebook", Map.of()), "deploy-42");

        assertThat(submission.replayed()).isTrue();
        assertThat(submission.command().state()).isEqualTo(State.COMPLETED);
    }

    @Test
    void mapsDeployments() {
        server.json("GET", "/api/v1/deployments", 200, "[" + Samples.DEPLOYMENT + "," + Samples.REMOVED_DEPLOYMENT + "]");

        List<DeploymentView> deployments = client.listDeployments(true);

        assertThat(server.lastRequest().query()).isEqualTo("includeRemoved=true");
        assertThat(deployments.get(0)).isEqualTo(new DeploymentView(DEPLOYMENT_ID, "notebook", 1, ACCOUNT_ID,
                Map.of("size", "small"), State.COMPLETED, 5, "",
                new HealthView(HealthStatus.HEALTHY, Instant.parse("2026-11-23T10:06:00Z"), ""),
                Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-23T10:05:09Z")));
        assertThat(deployments.get(1).health()).isEqualTo(new HealthView(HealthStatus.UNKNOWN, null, ""));
        assertThat(deployments.get(1).state()).isEqualTo(State.REMOVED);

        client.listDeployments(false);
        assertThat(server.lastRequest().query()).isNull();
    }

    @Test
    void getsAndRemovesADeployment() {
        server.json("GET", "/api/v1/deployments/" + DEPLOYMENT_ID, 200, Samples.DEPLOYMENT);
        server.json("DELETE", "/api/v1/deployments/" + DEPLOYMENT_ID, 202, Samples.COMMAND_INITIATED);

        assertThat(client.getDeployment(DEPLOYMENT_ID).plan()).isEqualTo("notebook");
        assertThat(client.removeDeployment(DEPLOYMENT_ID).id()).isEqualTo(COMMAND_ID);
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
    }

    @Test
    void mapsAccountsAndKeys() throws Exception {
        server.json("GET", "/api/v1/me", 200, Samples.ME);
        server.json("GET", "/api/v1/accounts", 200, "[" + Samples.ME + ",{\"id\":\"u2\",\"name\":\"alice\",\"role\":\"USER\",\"level\":2}]");
        server.json("POST", "/api/v1/accounts", 201,
                "{\"account\": {\"id\": \"u2\", \"name\": \"alice\", \"role\": \"USER\", \"level\": 1}, \"apiKey\": \"berth_alice\"}");
        server.json("POST", "/api/v1/accounts/alice/api-keys", 201,
                "{\"keyId\": \"K2abcdefghij\", \"apiKey\": \"berth_K2abcdefghij_secret\"}");

        assertThat(client.me()).isEqualTo(new AccountView(ACCOUNT_ID, "admin", Role.ADMIN, 1, null));
        assertThat(client.listAccounts()).containsExactly(new AccountView(ACCOUNT_ID, "admin", Role.ADMIN, 1, null),
                new AccountView("u2", "alice", Role.USER, 2, null));

        assertThat(client.createAccount("alice", Role.USER))
                .isEqualTo(new NewAccountView(new AccountView("u2", "alice", Role.USER, 1, null), "berth_alice"));
        assertThat(mapper.readTree(server.lastRequest().body()))
                .isEqualTo(mapper.readTree("{\"name\": \"alice\", \"role\": \"USER\"}"));

        assertThat(client.createApiKey("alice", "laptop"))
                .isEqualTo(new NewApiKeyView("K2abcdefghij", "berth_K2abcdefghij_secret"));
        assertThat(mapper.readTree(server.lastRequest().body())).isEqualTo(mapper.readTree("{\"name\": \"laptop\"}"));

        client.createApiKey("alice", "ci", Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(mapper.readTree(server.lastRequest().body()))
                .isEqualTo(mapper.readTree("{\"name\": \"ci\", \"expiresAt\": \"2027-01-01T00:00:00Z\"}"));
    }

    @Test
    void writesViewsBackAsTheApiDocuments() throws Exception {
        server.json("GET", "/api/v1/commands/" + COMMAND_ID, 200, Samples.COMMAND_COMPLETED);

        JsonNode written = mapper.valueToTree(client.getCommand(COMMAND_ID));

        assertThat(written).isEqualTo(mapper.readTree(Samples.COMMAND_COMPLETED));
        assertThat(mapper.writeValueAsString(client.getCommand(COMMAND_ID)))
                .startsWith("{\"id\":\"" + COMMAND_ID + "\",\"action\":\"install\",\"plan\":\"notebook\"");
    }

    @Test
    void writesFalseAndZeroButLeavesOutWhatWasNotSet() throws Exception {
        TaskSpecView task = new TaskSpecView("stop", null, ScriptView.installed("notebook/stop.sh"), null, null, null,
                null, null, 0, Duration.ofMillis(1500), false);

        assertThat(mapper.writeValueAsString(task)).isEqualTo(
                "{\"name\":\"stop\",\"script\":{\"path\":\"notebook/stop.sh\"},\"retries\":0,"
                        + "\"retryBackoff\":\"PT1.5S\",\"repeatable\":false}");
    }

    @Test
    void unknownEnumConstantsAndFieldsDoNotBreakReading() {
        server.json("GET", "/api/v1/deployments/" + DEPLOYMENT_ID, 200, """
                {"id": "d", "plan": "notebook", "state": "HIBERNATING", "stateCode": 7, "newField": [1, 2],
                 "health": {"status": "DEGRADED"}}
                """);

        DeploymentView deployment = client.getDeployment(DEPLOYMENT_ID);

        assertThat(deployment.state()).isNull();
        assertThat(deployment.stateCode()).isEqualTo(7);
        assertThat(deployment.health().status()).isNull();
        assertThat(deployment.parameters()).isEmpty();
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() {
        server.requireKey(null).json("GET", "/api/v1/me", 200, Samples.ME);
        BerthClient anonymous = BerthClient.builder().baseUri(server.uri()).build();

        anonymous.me();

        assertThat(server.lastRequest().header("Authorization")).isNull();
    }

    @Test
    void keepsAPathPrefixAndAcceptsTheApiRootAsBase() {
        server.json("GET", "/berth/api/v1/me", 200, Samples.ME);
        server.json("GET", "/api/v1/plans", 200, "[]");

        BerthClient.builder().baseUri(URI.create(server.uri() + "/berth/")).apiKey(FakeBerthServer.KEY).build().me();
        assertThat(server.lastRequest().path()).isEqualTo("/berth/api/v1/me");

        BerthClient.builder().baseUri(URI.create(server.uri() + "/api/v1")).apiKey(FakeBerthServer.KEY).build()
                .listPlans();
        assertThat(server.lastRequest().path()).isEqualTo("/api/v1/plans");
    }

    @Test
    void refusesAddressesThatAreNotHttp() {
        assertThatThrownBy(() -> BerthClient.builder().baseUri(URI.create("localhost:8080")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the server address must be an http:// or https:// URL: localhost:8080");
        assertThatThrownBy(() -> BerthClient.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("baseUri is required");
    }
}

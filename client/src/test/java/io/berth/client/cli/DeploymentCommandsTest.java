package io.berth.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.FakeBerthServer;
import io.berth.client.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.berth.client.Samples.COMMAND_ID;
import static io.berth.client.Samples.DEPLOYMENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

class DeploymentCommandsTest extends CliTestSupport {

    private static final String COMPLETED_STATUS = """
            Command     3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
            Action      install
            Plan        notebook (configuration 1)
            Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
            Parameters  size=small
            State       COMPLETED(5)
            Created     2026-11-23T10:05:00Z
            Updated     2026-11-23T10:05:09Z

            SEQ  PHASE    TASK     STATE         ATTEMPT  EXIT  REASON
            0    install  prepare  COMPLETED(5)  1        0     -
            1    install  start    COMPLETED(5)  2        0     -
            2    install  check    COMPLETED(5)  1        0     -
            """;

    private static final String FAILED_STATUS = """
            Command     3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
            Action      install
            Plan        notebook (configuration 1)
            Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
            Parameters  size=small
            State       FAILED(9)
            Reason      task 'start' failed: exit code 3
            Created     2026-11-23T10:05:00Z
            Updated     2026-11-23T10:05:09Z

            SEQ  PHASE    TASK     STATE         ATTEMPT  EXIT  REASON
            0    install  prepare  COMPLETED(5)  1        0     -
            1    install  start    FAILED(9)     2        3     exit code 3
            2    install  check    REMOVED(8)    0        -     not run after an earlier task failed
            """;

    private static final String PROGRESS = """
            [          ] 0/3 command PENDING(1)
            [          ] 0/3 prepare PENDING(1)
            [==>       ] 1/3 prepare COMPLETED(5)
            [==>       ] 1/3 start PENDING(1)
            [==>       ] 1/3 start PENDING(1): pulling image
            [=====>    ] 2/3 start (attempt 2) COMPLETED(5)
            [==========] 3/3 check COMPLETED(5)
            [==========] 3/3 command COMPLETED(5)
            """;

    @Test
    void deployserviceSubmitsAnInstallWithParametersAndKey() throws Exception {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED);

        CliRunner.Result result = berth("deployservice", "notebook", "-p", "size=small", "--parameter", "gpu=1",
                "--idempotency-key", "deploy-42");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Command     3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
                Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
                State       INITIATED(0)
                """);
        assertThat(server.lastRequest().header("Idempotency-Key")).isEqualTo("deploy-42");
        assertThat(json(server.lastRequest().body())).isEqualTo(json(
                "{\"action\": \"install\", \"plan\": \"notebook\", \"parameters\": {\"size\": \"small\", \"gpu\": \"1\"}}"));
    }

    @Test
    void deployserviceSaysWhenTheServerReplayedTheCommand() {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED, "Idempotency-Replayed", "true");

        CliRunner.Result result = berth("deployservice", "notebook", "--idempotency-key", "deploy-42");

        assertThat(result.out()).isEqualTo("""
                Command     3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
                Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
                State       INITIATED(0)
                Replayed    yes: this idempotency key was used before, no new command was started
                """);
    }

    @Test
    void deployserviceReportsAnUnknownPlanAndAReusedKey() {
        server.on("POST", "/api/v1/commands", (exchange, request) -> {
            if (request.body().contains("notebok")) {
                FakeBerthServer.sendProblem(exchange, 404, "Not Found", "plan-not-found", "no plan named 'notebok'",
                        "/api/v1/commands");
            } else {
                FakeBerthServer.sendProblem(exchange, 409, "Conflict", "idempotency-key-reused",
                        "idempotency key 'k' was used for a different request", "/api/v1/commands");
            }
        });

        CliRunner.Result missing = berth("deployservice", "notebok");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("berth: no plan named 'notebok' (plan-not-found)\n");

        CliRunner.Result reused = berth("deployservice", "notebook", "--idempotency-key", "k");
        assertThat(reused.exitCode()).isEqualTo(4);
        assertThat(reused.err())
                .isEqualTo("berth: idempotency key 'k' was used for a different request (idempotency-key-reused)\n");
    }

    @Test
    void deployserviceWatchesTheCommandItSubmitted() {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED);
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS);

        CliRunner.Result result = berth("deployservice", "notebook", "--watch");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Command     3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
                Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
                State       INITIATED(0)
                """ + PROGRESS + "\n" + COMPLETED_STATUS);
    }

    @Test
    void deployserviceWatchPrintsJsonLines() throws Exception {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED);
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS);

        CliRunner.Result result = berth("deployservice", "notebook", "--watch", "--output", "json");

        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(json(lines.get(0))).isEqualTo(json(Samples.COMMAND_INITIATED));
        assertThat(json(lines.get(1))).isEqualTo(json(Samples.EVENTS[0][1]));
        assertThat(json(lines.get(9))).isEqualTo(json(Samples.COMMAND_COMPLETED));
    }

    @Test
    void configureAndRemoveSubmitTheirCommands() throws Exception {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED);

        CliRunner.Result configured = berth("configure", DEPLOYMENT_ID, "-p", "size=large", "--idempotency-key", "c1");
        assertThat(configured.exitCode()).isEqualTo(0);
        assertThat(configured.out()).startsWith("Command     " + COMMAND_ID + "\n");
        assertThat(server.lastRequest().header("Idempotency-Key")).isEqualTo("c1");
        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"action\": \"configure\", \"deployment\": \""
                + DEPLOYMENT_ID + "\", \"parameters\": {\"size\": \"large\"}}"));

        CliRunner.Result removed = berth("remove", DEPLOYMENT_ID);
        assertThat(removed.exitCode()).isEqualTo(0);
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"action\": \"remove\", \"deployment\": \"" + DEPLOYMENT_ID + "\"}"));
    }

    @Test
    void configureOfARemovedDeploymentIsAConflict() {
        server.problem("POST", "/api/v1/commands", 409, "Conflict", "deployment-removed",
                "deployment " + DEPLOYMENT_ID + " is removed");

        CliRunner.Result result = berth("configure", DEPLOYMENT_ID, "-p", "size=large");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("berth: deployment " + DEPLOYMENT_ID + " is removed (deployment-removed)\n");
    }

    @Test
    void removeWatchEndsWithTheExitCodeOfTheCommand() {
        server.json("POST", "/api/v1/commands", 202, Samples.COMMAND_INITIATED);
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_FAILED);
        streamEvents(FAILING_EVENTS);

        assertThat(berth("remove", DEPLOYMENT_ID, "--watch").exitCode()).isEqualTo(1);
    }

    @Test
    void deploymentsPrintsATable() {
        server.json("GET", "/api/v1/deployments", 200, "[" + Samples.DEPLOYMENT + "," + Samples.REMOVED_DEPLOYMENT + "]");

        CliRunner.Result result = berth("deployments", "--all");

        assertThat(server.lastRequest().query()).isEqualTo("includeRemoved=true");
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                ID                                    PLAN      STATE         HEALTH   UPDATED
                0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a  notebook  COMPLETED(5)  HEALTHY  2026-11-23T10:05:09Z
                0b1e0000-0000-4000-8000-000000000002  spark     REMOVED(8)    UNKNOWN  2026-11-22T09:15:00Z
                """);

        berth("deployments");
        assertThat(server.lastRequest().query()).isNull();
    }

    @Test
    void deploymentsAsJsonAreTheApiDocuments() throws Exception {
        server.json("GET", "/api/v1/deployments", 200, "[" + Samples.DEPLOYMENT + "]");

        assertThat(json(berth("deployments", "--output", "json").out())).isEqualTo(json("[" + Samples.DEPLOYMENT + "]"));
    }

    @Test
    void commandsPrintsATable() {
        server.json("GET", "/api/v1/commands", 200, "[" + Samples.COMMAND_COMPLETED + "]");

        CliRunner.Result result = berth("commands", "--deployment", DEPLOYMENT_ID, "--limit", "5");

        assertThat(server.lastRequest().query()).isEqualTo("limit=5&deployment=" + DEPLOYMENT_ID);
        assertThat(result.out()).isEqualTo("""
                ID                                    ACTION   PLAN      DEPLOYMENT                            STATE         UPDATED
                3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b  install  notebook  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a  COMPLETED(5)  2026-11-23T10:05:09Z
                """);
    }

    @Test
    void statusShowsACommandWithItsTasks() throws Exception {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_FAILED);

        CliRunner.Result result = berth("status", COMMAND_ID);

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo(FAILED_STATUS);

        assertThat(json(berth("status", COMMAND_ID, "--output", "json").out())).isEqualTo(json(Samples.COMMAND_FAILED));
    }

    @Test
    void statusFallsBackToTheDeployment() throws Exception {
        server.problem("GET", "/api/v1/commands/" + DEPLOYMENT_ID, 404, "Not Found", "command-not-found",
                "no command " + DEPLOYMENT_ID);
        server.json("GET", "/api/v1/deployments/" + DEPLOYMENT_ID, 200, Samples.DEPLOYMENT);

        CliRunner.Result result = berth("status", DEPLOYMENT_ID);

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Deployment  0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a
                Plan        notebook (configuration 1)
                Owner       a1c2e3f4-0000-4000-8000-000000000001
                Parameters  size=small
                State       COMPLETED(5)
                Health      HEALTHY (checked 2026-11-23T10:06:00Z)
                Created     2026-11-23T10:05:00Z
                Updated     2026-11-23T10:05:09Z
                """);
        assertThat(json(berth("status", DEPLOYMENT_ID, "--output", "json").out())).isEqualTo(json(Samples.DEPLOYMENT));
    }

    @Test
    void statusOfAnUnknownIdIsNotFound() {
        server.problem("GET", "/api/v1/commands/nope", 404, "Not Found", "command-not-found", "no command nope");
        server.problem("GET", "/api/v1/deployments/nope", 404, "Not Found", "deployment-not-found", "no deployment nope");

        CliRunner.Result result = berth("status", "nope");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("berth: no command or deployment with id 'nope' (deployment-not-found)\n");
    }

    @Test
    void watchDrawsOneLinePerEventWhenNotOnAConsole() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS);

        CliRunner.Result result = berth("watch", COMMAND_ID);

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(PROGRESS + "\n" + COMPLETED_STATUS);
    }

    @Test
    void watchRedrawsTheBarInPlaceOnAConsole() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS);

        CliRunner.Result result = CliRunner.runOnConsole(env, "watch", COMMAND_ID);

        assertThat(result.out()).isEqualTo(
                "\r[          ] 0/3 command PENDING(1)"
                        + "\r[          ] 0/3 prepare PENDING(1)"
                        + "\r[==>       ] 1/3 prepare COMPLETED(5)"
                        + "\r[==>       ] 1/3 start PENDING(1)    "
                        + "\r[==>       ] 1/3 start PENDING(1): pulling image"
                        + "\r[=====>    ] 2/3 start (attempt 2) COMPLETED(5) "
                        + "\r[==========] 3/3 check COMPLETED(5)            "
                        + "\r[==========] 3/3 command COMPLETED(5)"
                        + "\n\n" + COMPLETED_STATUS);
    }

    @Test
    void watchCutsConsoleLinesToTheTerminalWidth() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS[0], Samples.EVENTS[7]);
        env.put("COLUMNS", "30");

        CliRunner.Result result = CliRunner.runOnConsole(env, "watch", COMMAND_ID);

        assertThat(result.out()).startsWith("\r[          ] 0/3 command PEND\r[          ] 0/3 command COMP\n\n");
    }

    @Test
    void watchExitsWithOneWhenTheCommandFails() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_FAILED);
        streamEvents(FAILING_EVENTS);

        CliRunner.Result result = berth("watch", COMMAND_ID);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("""
                [          ] 0/3 command PENDING(1)
                [          ] 0/3 prepare PENDING(1)
                [==>       ] 1/3 prepare COMPLETED(5)
                [==>       ] 1/3 start PENDING(1)
                [=====>    ] 2/3 start FAILED(9): exit code 3
                [==========] 3/3 check REMOVED(8)
                [==========] 3/3 command FAILED(9): task 'start' failed: exit code 3

                """ + FAILED_STATUS);
    }

    @Test
    void watchPrintsEachEventAsAJsonLineAndThenTheCommand() throws Exception {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        streamEvents(Samples.EVENTS);

        CliRunner.Result result = berth("watch", COMMAND_ID, "--output", "json");

        List<JsonNode> expected = new ArrayList<>();
        for (String[] event : Samples.EVENTS) {
            expected.add(json(event[1]));
        }
        expected.add(json(Samples.COMMAND_COMPLETED));
        List<JsonNode> printed = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            printed.add(json(line));
        }
        assertThat(printed).containsExactlyElementsOf(expected);
        assertThat(result.exitCode()).isEqualTo(0);
    }

    @Test
    void watchResumesAfterADroppedStream() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);
        AtomicInteger connections = new AtomicInteger();
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            var out = FakeBerthServer.startEventStream(exchange);
            long from = connections.incrementAndGet() == 1 ? 1 : Long.parseLong(request.header("Last-Event-ID")) + 1;
            long to = from == 1 ? 2 : 8;
            for (long seq = from; seq <= to; seq++) {
                FakeBerthServer.writeEvent(out, seq, Samples.EVENTS[(int) seq - 1][0], Samples.EVENTS[(int) seq - 1][1]);
            }
            out.close();
        });

        CliRunner.Result result = berth("watch", COMMAND_ID);

        assertThat(result.out()).isEqualTo(PROGRESS + "\n" + COMPLETED_STATUS);
        assertThat(server.requests("GET", EVENTS_PATH)).extracting(r -> r.header("Last-Event-ID"))
                .containsExactly(null, "2");
    }

    @Test
    void watchOfAnUnknownCommandIsNotFound() {
        server.problem("GET", "/api/v1/commands/nope", 404, "Not Found", "command-not-found", "no command nope");

        CliRunner.Result result = berth("watch", "nope");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("berth: no command nope (command-not-found)\n");
    }
}

package io.berth.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.Samples;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceCommandsTest extends CliTestSupport {

    @Test
    void createserviceBuildsAConfigurationFromScripts() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN, "Location", "/api/v1/plans/notebook");

        CliRunner.Result result = berth("createservice", "notebook", "--description", "A Jupyter notebook",
                "--install", "notebook/prepare.sh", "--install", "https://example.org/bin/Start.py#sha256=" + Samples.SHA,
                "--install", "other/prepare.sh", "--remove", "notebook/stop.sh", "--health", "notebook/health.sh",
                "--interpreter", "bash", "--retries", "2", "--timeout", "PT5M", "--repeatable");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                Plan            notebook
                Description     A Jupyter notebook
                Latest version  1
                Created         2026-11-23T10:00:00Z
                Id              7c6f2a10-9d1e-4c6b-8f3a-1b2c3d4e5f60
                """);
        String common = "\"interpreter\": \"bash\", \"timeout\": \"PT5M\", \"retries\": 2, \"repeatable\": true";
        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"name": "notebook", "description": "A Jupyter notebook", "configuration": {
                  "installTasks": [
                    {"name": "prepare", "script": {"path": "notebook/prepare.sh"}, %1$s},
                    {"name": "start", "script": {"url": "https://example.org/bin/Start.py", "sha256": "%2$s"}, %1$s},
                    {"name": "prepare-2", "script": {"path": "other/prepare.sh"}, %1$s}],
                  "removeTasks": [{"name": "stop", "script": {"path": "notebook/stop.sh"}, %1$s}],
                  "healthCheck": {"name": "health", "script": {"path": "notebook/health.sh"}, %1$s}}}
                """.formatted(common, Samples.SHA)));
    }

    @Test
    void createserviceUsesShAndTheServersDefaults() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN);

        assertThat(berth("createservice", "notebook", "--install", "notebook/install.sh").exitCode()).isEqualTo(0);

        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"name": "notebook", "configuration": {"installTasks": [
                  {"name": "install", "script": {"path": "notebook/install.sh"}, "interpreter": "sh"}]}}
                """));
    }

    @Test
    void createserviceWithoutScriptsCreatesAnEmptyPlan() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN_WITHOUT_CONFIGURATION);

        CliRunner.Result result = berth("createservice", "spark");

        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"name\": \"spark\"}"));
        assertThat(result.out()).isEqualTo("""
                Plan            spark
                Latest version  none (add a configuration before deploying)
                Created         2026-11-23T11:30:00Z
                Id              7c6f0000-0000-4000-8000-000000000002
                """);
    }

    @Test
    void createserviceReadsAPlanFile() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN);
        Path file = dataDir.resolve("plan.json");
        Files.writeString(file, """
                {"description": "from the file",
                 "configuration": {"installTasks": [{"name": "prepare", "script": {"path": "notebook/prepare.sh"},
                   "interpreter": "sh", "arguments": ["--fast"], "environment": {"LOG_LEVEL": "info"},
                   "timeout": "PT5M", "retries": 2, "retryBackoff": "PT2S", "repeatable": true}],
                   "healthInterval": "PT30S"}}
                """);

        CliRunner.Result result = berth("createservice", "notebook", "--file", file.toString(), "--output", "json");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"name": "notebook", "description": "from the file",
                 "configuration": {"installTasks": [{"name": "prepare", "script": {"path": "notebook/prepare.sh"},
                   "interpreter": "sh", "arguments": ["--fast"], "environment": {"LOG_LEVEL": "info"},
                   "timeout": "PT5M", "retries": 2, "retryBackoff": "PT2S", "repeatable": true}],
                   "healthInterval": "PT30S"}}
                """));
        ObjectNode expected = (ObjectNode) json(Samples.PLAN);
        expected.remove("futureField");
        assertThat(json(result.out())).isEqualTo(expected);
    }

    @Test
    void createserviceLetsTheDescriptionOptionWinOverTheFile() throws Exception {
        server.json("POST", "/api/v1/plans", 201, Samples.PLAN);
        Path file = dataDir.resolve("plan.json");
        Files.writeString(file, "{\"description\": \"old\"}");

        berth("createservice", "notebook", "--file", file.toString(), "--description", "new");

        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"name\": \"notebook\", \"description\": \"new\"}"));
    }

    @Test
    void createserviceRefusesAMisspeltPlanFile() throws Exception {
        Path file = dataDir.resolve("plan.json");
        Files.writeString(file, "{\"configuration\": {\"instalTasks\": []}}");

        CliRunner.Result result = CliRunner.runAsMain(env, "createservice", "notebook", "--file", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("berth: cannot read " + file + ": Unrecognized field \"instalTasks\"");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createserviceRefusesAFileTogetherWithScripts() {
        CliRunner.Result result = CliRunner.runAsMain(env, "createservice", "notebook", "--file", "plan.json",
                "--install", "a.sh");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                berth: --file and --install cannot be combined: the file holds the whole configuration
                Try 'berth createservice --help' for more information.
                """);
    }

    @Test
    void createserviceNeedsTheDigestOfAFetchedScript() {
        CliRunner.Result result = CliRunner.runAsMain(env, "createservice", "notebook", "--install",
                "https://example.org/start.py");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith(
                "berth: a fetched script needs its digest, as URL#sha256=HEX: https://example.org/start.py\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createserviceReportsAConflict() {
        server.problem("POST", "/api/v1/plans", 409, "Conflict", "plan-exists", "a plan named 'notebook' exists");

        CliRunner.Result result = berth("createservice", "notebook", "--install", "notebook/install.sh");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("berth: a plan named 'notebook' exists (plan-exists)\n");
    }

    @Test
    void taskNamesComeFromFileNames() {
        assertThat(CreateServiceCommand.taskName("notebook/install.sh")).isEqualTo("install");
        assertThat(CreateServiceCommand.taskName("Setup Env.SH")).isEqualTo("setup-env");
        assertThat(CreateServiceCommand.taskName("https://example.org/a/b/run.tar.gz#sha256=" + Samples.SHA))
                .isEqualTo("run.tar");
        assertThat(CreateServiceCommand.taskName(".hidden")).isEqualTo("hidden");
        assertThat(CreateServiceCommand.taskName("___")).isEqualTo("task");
    }

    @Test
    void deleteserviceDeletesAndReportsConflicts() throws Exception {
        server.on("DELETE", "/api/v1/plans/notebook", (exchange, request) ->
                io.berth.client.FakeBerthServer.send(exchange, 204, null, ""));
        server.problem("DELETE", "/api/v1/plans/spark", 409, "Conflict", "plan-in-use",
                "plan 'spark' has 1 deployment");

        CliRunner.Result deleted = berth("deleteservice", "notebook");
        assertThat(deleted.exitCode()).isEqualTo(0);
        assertThat(deleted.out()).isEqualTo("Deleted plan notebook.\n");

        CliRunner.Result asJson = berth("deleteservice", "notebook", "--output", "json");
        assertThat(json(asJson.out())).isEqualTo(json("{\"plan\": \"notebook\", \"deleted\": true}"));

        CliRunner.Result inUse = berth("deleteservice", "spark");
        assertThat(inUse.exitCode()).isEqualTo(4);
        assertThat(inUse.err()).isEqualTo("berth: plan 'spark' has 1 deployment (plan-in-use)\n");
    }

    @Test
    void listservicesPrintsATable() {
        server.json("GET", "/api/v1/plans", 200, "[" + Samples.PLAN + "," + Samples.PLAN_WITHOUT_CONFIGURATION + "]");

        CliRunner.Result result = berth("listservices");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                NAME      LATEST VERSION  DESCRIPTION
                notebook  1               A Jupyter notebook
                spark     -               -
                """);
    }

    @Test
    void listservicesPrintsTheApiDocumentsAsJson() throws Exception {
        server.json("GET", "/api/v1/plans", 200, "[" + Samples.PLAN_WITHOUT_CONFIGURATION + "]");

        CliRunner.Result result = berth("listservices", "--output", "JSON");

        assertThat(json(result.out())).isEqualTo(json("[" + Samples.PLAN_WITHOUT_CONFIGURATION + "]"));
        assertThat(result.out()).startsWith("[ {\n  \"id\": \"7c6f0000-0000-4000-8000-000000000002\",\n");
    }

    @Test
    void listservicesWithNoPlansPrintsTheHeader() {
        server.json("GET", "/api/v1/plans", 200, "[]");

        assertThat(berth("listservices").out()).isEqualTo("NAME  LATEST VERSION  DESCRIPTION\n");
    }
}

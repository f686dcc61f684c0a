package io.berth.client.cli;

import io.berth.client.FakeBerthServer;
import io.berth.client.Samples;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CliBasicsTest extends CliTestSupport {

    @Test
    void helpListsTheCommandsAndDocumentsTheExitCodes() {
        CliRunner.Result result = CliRunner.runAsMain(env, "--help");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).startsWith("Usage: berth [-hV] [--api-key=KEY] [--output=FORMAT] [--server=URL] [COMMAND]\n");
        assertThat(result.out()).contains(
                "  createservice      ", "  deleteservice      ", "  listservices       ", "  deployservice      ",
                "  configure          ", "  remove             ", "  deployments        ", "  commands           ",
                "  status             ", "  watch              ", "  me                 ", "  accounts           ",
                "  api-keys, apikeys  ", "  ssh-keys           ");
        assertThat(result.out()).endsWith("""
                Exit codes:
                  0  success (a watched command ended COMPLETED or REMOVED)
                  1  the watched command ended FAILED
                  2  usage error
                  3  not found
                  4  conflict
                  5  authentication or permission refused
                  6  cannot reach the server
                  7  any other API error
                """);
    }

    @Test
    void noCommandPrintsTheUsageAndIsAUsageError() {
        CliRunner.Result result = berth();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("Usage: berth ");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(berth("deployservice").exitCode()).isEqualTo(2);
        assertThat(berth("listservices", "--bogus").exitCode()).isEqualTo(2);
        assertThat(berth("nosuchcommand").exitCode()).isEqualTo(2);
        assertThat(berth("commands", "--limit", "many").exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();

        CliRunner.Result result = CliRunner.runAsMain(env, "listservices", "--output", "yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                berth: Invalid value for option '--output': expected text or json but was 'yaml'
                Try 'berth listservices --help' for more information.
                """);
    }

    @Test
    void aBadServerAddressIsAUsageError() {
        env.put("BERTH_URL", "localhost:8080");

        CliRunner.Result result = CliRunner.runAsMain(env, "me");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("berth: invalid server address 'localhost:8080': the server address must be"
                + " an http:// or https:// URL: localhost:8080\n");
    }

    @Test
    void cannotReachTheServerExitsWithSix() throws Exception {
        String nowhere = FakeBerthServer.unusedAddress().toString();

        CliRunner.Result result = berth("listservices", "--server", nowhere);

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("berth: cannot reach the Berth server at " + nowhere
                + "/api/v1/plans: connection refused (connection-failed)\n");
    }

    @Test
    void aRefusedKeyExitsWithFiveAndSaysWhereTheKeyCameFrom() {
        CliRunner.Result result = berth("me", "--api-key", "berth_wrong");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("""
                berth: the API key is not valid (invalid-credentials)
                The API key from --api-key was refused.
                """);
    }

    @Test
    void noKeyAtAllExitsWithFiveAndSaysHowToGiveOne() {
        env.remove("BERTH_API_KEY");

        CliRunner.Result result = berth("me");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("""
                berth: an API key is required (authentication-required)
                Give an API key with --api-key or BERTH_API_KEY.
                """);
        assertThat(server.lastRequest().header("Authorization")).isNull();
    }

    @Test
    void readsTheAdminKeyFileWhenNoKeyIsGiven() throws Exception {
        env.remove("BERTH_API_KEY");
        Files.writeString(dataDir.resolve("admin-key"), FakeBerthServer.KEY + "\n");
        server.json("GET", "/api/v1/me", 200, Samples.ME);

        CliRunner.Result result = berth("me");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer " + FakeBerthServer.KEY);
    }

    @Test
    void anOptionOrTheEnvironmentWinsOverTheAdminKeyFile() {
        server.requireKey(null).json("GET", "/api/v1/me", 200, Samples.ME);
        writeAdminKey("berth_from_file");

        berth("me");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer " + FakeBerthServer.KEY);

        berth("me", "--api-key", "berth_from_option");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer berth_from_option");

        CliRunner.run(env, "--api-key", "berth_before_the_command", "me");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer berth_before_the_command");
    }

    @Test
    void aRefusedKeyFromTheFileIsNamed() {
        env.remove("BERTH_API_KEY");
        writeAdminKey("berth_stale");

        CliRunner.Result result = berth("me");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).endsWith("The API key from " + dataDir.resolve("admin-key") + " was refused.\n");
    }

    @Test
    void theServerOptionWinsOverTheEnvironmentAndMayComeBeforeTheCommand() {
        server.json("GET", "/api/v1/me", 200, Samples.ME);
        String real = env.put("BERTH_URL", "http://127.0.0.1:1");

        assertThat(berth("me", "--server", real).exitCode()).isEqualTo(0);
        assertThat(berth("--server", real, "me").exitCode()).isEqualTo(0);
        assertThat(berth("--server", real, "--output", "json", "me").out()).startsWith("{\n  \"id\": ");
        assertThat(server.requests("GET", "/api/v1/me")).hasSize(3);
    }

    @Test
    void anUnexpectedServerErrorExitsWithSeven() {
        server.problem("GET", "/api/v1/deployments", 500, "Internal Server Error", "store-unavailable",
                "the database does not answer");

        CliRunner.Result result = berth("deployments");

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.err()).isEqualTo("berth: the database does not answer (store-unavailable)\n");
    }

    @Test
    void runsWithoutAnyEnvironment() {
        CliRunner.Result result = CliRunner.run(Map.of(), "--version");

        assertThat(result.exitCode()).isEqualTo(0);
    }

    private void writeAdminKey(String key) {
        try {
            Files.writeString(dataDir.resolve("admin-key"), key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

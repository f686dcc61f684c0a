package io.berth.client.cli;

import io.berth.client.Samples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountCommandsTest extends CliTestSupport {

    private static final String ALICE = "{\"id\": \"u2\", \"name\": \"alice\", \"role\": \"USER\", \"level\": 2}";

    @Test
    void meShowsTheAccountOfTheKey() throws Exception {
        server.json("GET", "/api/v1/me", 200, Samples.ME);

        CliRunner.Result result = berth("me");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Account  admin
                Role     ADMIN
                Id       a1c2e3f4-0000-4000-8000-000000000001
                """);
        assertThat(json(berth("me", "--output", "json").out())).isEqualTo(json(Samples.ME));
    }

    @Test
    void accountsCreatePrintsTheKeyOnce() throws Exception {
        server.json("POST", "/api/v1/accounts", 201,
                "{\"account\": " + ALICE + ", \"apiKey\": \"berth_K1abcdefghij_secret\"}");

        CliRunner.Result result = berth("accounts", "create", "alice");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Account  alice
                Role     USER
                Level    2
                Id       u2
                API key  berth_K1abcdefghij_secret

                The API key is shown only this once; store it now.
                """);
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"name\": \"alice\", \"role\": \"USER\", \"level\": 1}"));

        berth("accounts", "create", "root", "--role", "admin", "--level", "3");
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"name\": \"root\", \"role\": \"ADMIN\", \"level\": 3}"));
    }

    @Test
    void accountsSetLevelPatchesTheAccount() throws Exception {
        server.json("PATCH", "/api/v1/accounts/alice", 200, ALICE);

        CliRunner.Result result = berth("accounts", "set-level", "alice", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("Account alice is now level 2.\n");
        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"level\": 2}"));
    }

    @Test
    void accountsCreateRefusesAnUnknownRole() {
        CliRunner.Result result = CliRunner.runAsMain(env, "accounts", "create", "alice", "--role", "ROOT");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                berth: Invalid value for option '--role': expected USER or ADMIN but was 'ROOT'
                Try 'berth accounts create --help' for more information.
                """);
    }

    @Test
    void accountsCreateOfAnExistingNameIsAConflict() {
        server.problem("POST", "/api/v1/accounts", 409, "Conflict", "account-exists", "an account named 'alice' exists");

        CliRunner.Result result = berth("accounts", "create", "alice");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("berth: an account named 'alice' exists (account-exists)\n");
    }

    @Test
    void accountsListPrintsATable() throws Exception {
        server.json("GET", "/api/v1/accounts", 200, "[" + Samples.ME + "," + ALICE + "]");

        CliRunner.Result result = berth("accounts", "list");

        assertThat(result.out()).isEqualTo("""
                NAME   ROLE   LEVEL  ID
                admin  ADMIN  1      a1c2e3f4-0000-4000-8000-000000000001
                alice  USER   2      u2
                """);
        assertThat(json(berth("accounts", "list", "--output", "json").out()))
                .isEqualTo(json("[" + Samples.ME + "," + ALICE + "]"));
    }

    @Test
    void accountsListIsForbiddenToUsers() {
        server.problem("GET", "/api/v1/accounts", 403, "Forbidden", "forbidden", "only admins may list accounts");

        CliRunner.Result result = berth("accounts", "list");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("berth: only admins may list accounts (forbidden)\n");
    }

    @Test
    void accountsWithoutASubcommandIsAUsageError() {
        CliRunner.Result result = CliRunner.runAsMain(env, "accounts");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                berth: Missing required subcommand
                Try 'berth accounts --help' for more information.
                """);
    }

    @Test
    void apikeysCreatePrintsTheKey() throws Exception {
        server.json("POST", "/api/v1/accounts/alice/api-keys", 201,
                "{\"keyId\": \"K2abcdefghij\", \"apiKey\": \"berth_K2abcdefghij_secret\"}");

        CliRunner.Result result = berth("apikeys", "create", "alice", "--name", "laptop");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Account  alice
                Key id   K2abcdefghij
                API key  berth_K2abcdefghij_secret

                The API key is shown only this once; store it now.
                """);
        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"name\": \"laptop\"}"));

        berth("apikeys", "create", "alice", "--expires-at", "2027-01-01T00:00:00Z");
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"name\": \"default\", \"expiresAt\": \"2027-01-01T00:00:00Z\"}"));
    }

    @Test
    void apikeysCreateForAnUnknownAccountIsNotFound() {
        server.problem("POST", "/api/v1/accounts/bob/api-keys", 404, "Not Found", "account-not-found",
                "no account named 'bob'");

        CliRunner.Result result = berth("apikeys", "create", "bob");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("berth: no account named 'bob' (account-not-found)\n");
    }
}

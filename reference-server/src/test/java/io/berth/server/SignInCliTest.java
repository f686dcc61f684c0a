package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.cli.BerthCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static io.berth.server.SignInFixture.JUPYTER;
import static io.berth.server.SignInFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's path with the {@code berth} command line against a real server: register, confirm by the mailed
 * code, log in, make an API key with the session and use it; reset the password; give it a try and log out;
 * admins disable, enable and delete accounts.
 */
class SignInCliTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path data;
    @TempDir
    Path cliData;
    private SignInFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Result berth(String key, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = key == null
                ? Map.of("BERTH_URL", f.server.baseUri().toString(), "BERTH_DATA_DIR", cliData.toString())
                : Map.of("BERTH_URL", f.server.baseUri().toString(), "BERTH_DATA_DIR", cliData.toString(),
                "BERTH_API_KEY", key);
        BerthCli cli = new BerthCli(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        int code = cli.toCommandLine().execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void registerConfirmLoginAndUseAnApiKey() {
        f = new SignInFixture(data, Map.of(), false);
        Result registered = berth(null, PASSWORD + "\n", "account", "register", "pat@example.org", "--password-stdin");
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("Check your mail");
        String code = code(f.nextMail("pat@example.org"), "confirm");

        Result confirmed = berth(null, "", "account", "confirm", code);
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("pat@example.org is confirmed").contains(JUPYTER + "?token=");
        assertThat(berth(null, "", "account", "confirm", code).exitCode()).isNotZero();

        Result wrong = berth(null, "not the password\n", "account", "login", "pat@example.org", "--password-stdin");
        assertThat(wrong.exitCode()).isEqualTo(5);
        assertThat(wrong.err()).contains("invalid-credentials");
        Result login = berth(null, PASSWORD + "\n", "--output", "json", "account", "login", "pat@example.org",
                "--password-stdin");
        assertThat(login.exitCode()).as(login.err()).isZero();
        String session = login.json().path("sessionId").asText();
        String name = login.json().path("account").path("name").asText();

        Result key = berth(session, "", "--output", "json", "apikeys", "create", name, "--name", "laptop");
        assertThat(key.exitCode()).as(key.err()).isZero();
        String apiKey = key.json().path("apiKey").asText();
        Result me = berth(apiKey, "", "me");
        assertThat(me.exitCode()).as(me.err()).isZero();
        assertThat(me.out()).contains(name);

        Result update = berth(session, "", "account", "update", "--display-name", "Pat Doe");
        assertThat(update.exitCode()).as(update.err()).isZero();
        Result shown = berth(apiKey, "", "account", "show");
        assertThat(shown.out()).contains("Pat Doe").contains("pat@example.org").doesNotContain("not confirmed");

        Result changed = berth(session, PASSWORD + "\nthe next passphrase\n", "account", "password",
                "--password-stdin");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(berth(null, "the next passphrase\n", "account", "login", "pat@example.org", "--password-stdin")
                .exitCode()).isZero();

        Result reset = berth(null, "", "account", "reset", "pat@example.org");
        assertThat(reset.out()).contains("If pat@example.org has an account");
        String resetCode = code(f.nextMail("pat@example.org"), "reset");
        Result newPassword = berth(null, "a third passphrase\n", "account", "reset", "--code", resetCode,
                "--password-stdin");
        assertThat(newPassword.exitCode()).as(newPassword.err()).isZero();
        assertThat(berth(null, "a third passphrase\n", "account", "login", "pat@example.org", "--password-stdin")
                .exitCode()).isZero();

        assertThat(berth(null, "", "account", "login", "pat@example.org").exitCode())
                .as("no terminal and no --password-stdin").isEqualTo(2);
    }

    @Test
    void tryLogoutAndAdminAccountManagement() {
        f = new SignInFixture(data, Map.of(), false);
        Result trial = berth(null, "", "--output", "json", "account", "try");
        assertThat(trial.exitCode()).as(trial.err()).isZero();
        String session = trial.json().path("sessionId").asText();
        assertThat(trial.json().path("warning").asText()).contains("deleted");
        Result shown = berth(session, "", "account", "show");
        assertThat(shown.out()).contains("will be deleted");
        assertThat(berth(session, "", "account", "logout").exitCode()).isZero();
        assertThat(berth(session, "", "account", "show").exitCode()).isEqualTo(5);

        String user = f.registered("quin@example.org", PASSWORD);
        String name = f.http.get("/api/v1/user", user).json().path("name").asText();
        Result disabled = berth(f.adminKey, "", "accounts", "disable", name);
        assertThat(disabled.out()).isEqualTo("Account " + name + " is disabled.\n");
        assertThat(berth(null, PASSWORD + "\n", "account", "login", "quin@example.org", "--password-stdin").err())
                .contains("account-disabled");
        assertThat(berth(f.adminKey, "", "accounts", "enable", name).out())
                .isEqualTo("Account " + name + " is enabled.\n");
        assertThat(berth(f.adminKey, "", "accounts", "delete", name).exitCode()).as("needs --yes").isEqualTo(2);
        Result deleted = berth(f.adminKey, "", "accounts", "delete", name, "--yes");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(berth(user, "", "account", "show").exitCode()).isEqualTo(5);
    }
}

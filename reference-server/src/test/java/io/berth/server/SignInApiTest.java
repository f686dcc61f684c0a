package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.http.SignInApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.berth.server.Problems.assertProblem;
import static io.berth.server.SignInFixture.JUPYTER;
import static io.berth.server.SignInFixture.JUPYTER_SECRET;
import static io.berth.server.SignInFixture.ZEPPELIN;
import static io.berth.server.SignInFixture.code;
import static io.berth.server.SignInFixture.subject;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sign-in flow over HTTP against a real server (H2), with mail caught by an in-process SMTP server and a
 * clock the test moves for expiry.
 */
class SignInApiTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path data;
    private SignInFixture f;

    private SignInFixture start(Map<String, String> extra) {
        f = new SignInFixture(data, extra, true);
        return f;
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void registerConfirmLoginAndHandOffToANotebookSiteThatRedeemsOnce() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        try {
            signUpAndHandOff(secrets);
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : logged.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertThat(text).as("a log line").doesNotContain(secret);
            }
        }
    }

    private void signUpAndHandOff(List<String> secrets) {
        start(Map.of());
        Http.Response signup = f.signup("Ada@Example.org", PASSWORD);
        assertThat(signup.status()).isEqualTo(202);
        var mail = f.nextMail("ada@example.org");
        assertThat(subject(mail)).isEqualTo("Confirm your email address");
        String code = code(mail, "confirm");
        secrets.add(code);
        assertThat(SignInFixture.body(mail)).doesNotContain(PASSWORD);

        assertProblem(f.login("ada@example.org", PASSWORD), 403, "email-not-confirmed");

        Http.Response confirmed = f.http.post("/api/v1/signup/confirm", null,
                Http.json(Map.of("code", code, "site", "zeppelin")));
        assertThat(confirmed.status()).isEqualTo(200);
        String token = confirmed.json().path("token").asText();
        secrets.add(token);
        assertThat(confirmed.json().path("redirect").asText()).isEqualTo(ZEPPELIN + "&token=" + token);
        assertThat(confirmed.json().path("account").path("level").asInt()).isEqualTo(1);
        assertThat(confirmed.json().path("account").path("transient").asBoolean()).isFalse();
        assertProblem(f.http.post("/api/v1/signup/confirm", null, Http.json(Map.of("code", code))), 400,
                "code-invalid");

        assertProblem(f.redeem(JUPYTER_SECRET, token), 400, "token-invalid");
        assertProblem(f.redeem("not-a-site-secret-at-all", token), 401, "invalid-credentials");
        assertProblem(f.http.post("/api/v1/login-tokens/redeem", null, Http.json(Map.of("token", token))), 401,
                "authentication-required");
        Http.Response redeemed = f.redeem(f.zeppelinSecret, token);
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        JsonNode body = redeemed.json();
        assertThat(body.path("account").path("email").asText()).isEqualTo("ada@example.org");
        assertThat(body.path("account").path("level").asInt()).isEqualTo(1);
        assertThat(body.path("package").path("name").asText()).isEqualTo("small");
        assertThat(body.path("quotas").path("level").asInt()).isEqualTo(1);
        assertThat(body.path("environment").path("resources.package").asText()).isEqualTo("small");
        assertThat(body.path("environment").path("resources.worker.cores").asText()).isEqualTo("2");
        assertProblem(f.redeem(f.zeppelinSecret, token), 400, "token-invalid");

        Http.Response login = f.login("ADA@example.org", PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        String session = login.json().path("sessionId").asText();
        secrets.add(session);
        assertThat(session).hasSize(43);
        JsonNode user = f.http.get("/api/v1/user", session).json();
        assertThat(user.path("email").asText()).isEqualTo("ada@example.org");
        assertThat(user.path("emailConfirmed").asBoolean()).isTrue();
        assertThat(user.path("transient").asBoolean()).isFalse();
        assertThat(user.has("warning")).isFalse();
        assertThat(f.http.get("/api/v1/me", session).json().path("level").asInt()).isEqualTo(1);

        Http.Response handoff = f.http.post("/api/v1/login-tokens", session, "");
        assertThat(handoff.status()).isEqualTo(200);
        String second = handoff.json().path("token").asText();
        secrets.add(second);
        assertThat(handoff.json().path("redirect").asText()).isEqualTo(JUPYTER + "?token=" + second);
        assertProblem(f.http.post("/api/v1/login-tokens", session, "{\"site\":\"nowhere\"}"), 404, "site-not-found");
        assertThat(f.redeem(JUPYTER_SECRET, second).status()).isEqualTo(200);

        // a second login is a new session; logout ends only the one it names
        String other = f.login("ada@example.org", PASSWORD).json().path("sessionId").asText();
        assertThat(other).isNotEqualTo(session);
        assertThat(f.http.post("/api/v1/logout", session, "").status()).isEqualTo(204);
        assertProblem(f.http.get("/api/v1/user", session), 401, "invalid-credentials");
        assertThat(f.http.get("/api/v1/user", other).status()).isEqualTo(200);
    }

    @Test
    void registeringAKnownAddressAnswersTheSameAndMailsTheOwner() {
        start(Map.of());
        f.registered("bo@example.org", PASSWORD);
        Http.Response unknown = f.signup("new@example.org", PASSWORD);
        assertThat(subject(f.nextMail("new@example.org"))).isEqualTo("Confirm your email address");
        Http.Response known = f.signup("BO@example.org", "another password entirely");
        var mail = f.nextMail("bo@example.org");
        assertThat(subject(mail)).isEqualTo("You already have an account");
        assertThat(SignInFixture.body(mail)).contains(SignInFixture.PUBLIC_URL + "/reset")
                .doesNotContain("code=");
        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        // the old password still works; the attempt changed nothing
        assertThat(f.login("bo@example.org", PASSWORD).status()).isEqualTo(200);
        assertProblem(f.login("bo@example.org", "another password entirely"), 401, "invalid-credentials");
    }

    @Test
    void loginAndResetAnswersDoNotTellWhetherAnAddressIsRegistered() {
        start(Map.of());
        f.registered("cy@example.org", PASSWORD);
        Http.Response wrongPassword = f.login("cy@example.org", "wrong password here");
        Http.Response unknownAddress = f.login("nobody@example.org", "wrong password here");
        assertProblem(wrongPassword, 401, "invalid-credentials");
        assertProblem(unknownAddress, 401, "invalid-credentials");
        assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownAddress.json().path("detail"));

        Http.Response unknownReset = f.http.post("/api/v1/reset", null, "{\"email\":\"nobody@example.org\"}");
        Http.Response knownReset = f.http.post("/api/v1/reset", null, "{\"email\":\"cy@example.org\"}");
        assertThat(knownReset.status()).isEqualTo(unknownReset.status()).isEqualTo(202);
        assertThat(knownReset.body()).isEqualTo(unknownReset.body());
        var mail = f.nextMail("cy@example.org");
        assertThat(subject(mail)).isEqualTo("Reset your password");
        // the known address's mail has arrived; none went to the unknown one
        assertThat(f.mailCount()).as("nothing was mailed for the unknown address").isEqualTo(2);
    }

    @Test
    void resetSetsANewPasswordEndsSessionsAndTheCodeIsSingleUse() {
        start(Map.of());
        String oldSession = f.registered("di@example.org", PASSWORD);
        f.http.post("/api/v1/reset", null, "{\"email\":\"di@example.org\"}");
        String code = code(f.nextMail("di@example.org"), "reset");

        // a weak password is refused without spending the code
        assertProblem(f.http.post("/api/v1/reset/confirm", null, Http.json(Map.of("code", code,
                "password", "short"))), 400, "weak-password");
        Http.Response reset = f.http.post("/api/v1/reset/confirm", null, Http.json(Map.of("code", code,
                "password", "a brand new passphrase")));
        assertThat(reset.status()).isEqualTo(200);
        String newSession = reset.json().path("sessionId").asText();
        assertThat(f.http.get("/api/v1/user", newSession).status()).isEqualTo(200);
        assertProblem(f.http.get("/api/v1/user", oldSession), 401, "invalid-credentials");
        assertProblem(f.http.post("/api/v1/reset/confirm", null, Http.json(Map.of("code", code,
                "password", "yet another passphrase"))), 400, "code-invalid");
        assertProblem(f.login("di@example.org", PASSWORD), 401, "invalid-credentials");
        assertThat(f.login("di@example.org", "a brand new passphrase").status()).isEqualTo(200);
        // a confirmation code is no reset code
        f.signup("eve@example.org", PASSWORD);
        String confirm = code(f.nextMail("eve@example.org"), "confirm");
        assertProblem(f.http.post("/api/v1/reset/confirm", null, Http.json(Map.of("code", confirm,
                "password", "yet another passphrase"))), 400, "code-invalid");
    }

    @Test
    void codesTokensAndSessionsExpire() {
        start(Map.of());
        f.signup("fay@example.org", PASSWORD);
        String code = code(f.nextMail("fay@example.org"), "confirm");
        f.clock.advance(Duration.ofMinutes(30));
        assertProblem(f.http.post("/api/v1/signup/confirm", null, Http.json(Map.of("code", code))), 400,
                "code-invalid");

        String session = f.registered("gus@example.org", PASSWORD);
        String token = f.http.post("/api/v1/login-tokens", session, "").json().path("token").asText();
        f.clock.advance(Duration.ofSeconds(60));
        assertProblem(f.redeem(JUPYTER_SECRET, token), 400, "token-invalid");

        // idle: 60 minutes without use end a session; use keeps it (one minute has passed since the login)
        f.clock.advance(Duration.ofMinutes(58));
        assertThat(f.http.get("/api/v1/user", session).status()).isEqualTo(200);
        f.clock.advance(Duration.ofMinutes(59));
        assertThat(f.http.get("/api/v1/user", session).status()).isEqualTo(200);
        f.clock.advance(Duration.ofMinutes(60));
        assertProblem(f.http.get("/api/v1/user", session), 401, "invalid-credentials");

        // absolute: 12 hours after login, however busy
        String busy = f.login("gus@example.org", PASSWORD).json().path("sessionId").asText();
        for (int i = 0; i < 14; i++) {
            f.clock.advance(Duration.ofMinutes(50));
            assertThat(f.http.get("/api/v1/user", busy).status()).as("after %d minutes", (i + 1) * 50).isEqualTo(200);
        }
        f.clock.advance(Duration.ofMinutes(21));
        assertProblem(f.http.get("/api/v1/user", busy), 401, "invalid-credentials");
    }

    @Test
    void badAddressesAndPasswordsAreRefused() {
        start(Map.of());
        for (String email : List.of("no-at-sign", "a@b", "two@@example.org", "sp ace@example.org",
                "x".repeat(250) + "@example.org", "")) {
            assertProblem(f.signup(email, PASSWORD), 400, "invalid-request");
            assertProblem(f.http.post("/api/v1/reset", null, Http.json(Map.of("email", email))), 400,
                    "invalid-request");
        }
        assertProblem(f.signup("h@example.org", "x".repeat(11)), 400, "weak-password");
        assertProblem(f.signup("h@example.org", "x".repeat(129)), 400, "weak-password");
        // 12 characters that take 4 UTF-16 units each count as 12
        assertThat(f.signup("h@example.org", "\uD83D\uDE00\uD83D\uDE00".repeat(6)).status()).isEqualTo(202);
        assertProblem(f.http.post("/api/v1/signup", null, "{\"email\":\"i@example.org\"}"), 400, "invalid-request");
        assertProblem(f.http.post("/api/v1/signup", null, "{\"email\":\"i@example.org\",\"password\":\""
                + PASSWORD + "\",\"admin\":true}"), 400, "invalid-request");
        assertThat(subject(f.nextMail("h@example.org"))).isEqualTo("Confirm your email address");
    }

    @Test
    void longPasswordsAreUsedWholeNotTruncated() {
        start(Map.of());
        String prefix = "p".repeat(72);
        String password = prefix + "-the-part-after-seventy-two-characters-".repeat(1) + "x".repeat(17);
        assertThat(password.length()).isEqualTo(128);
        f.registered("ivy@example.org", password);
        assertProblem(f.login("ivy@example.org", prefix + "-a-different-tail-after-seventy-two-characters"), 401,
                "invalid-credentials");
        assertProblem(f.login("ivy@example.org", prefix), 401, "invalid-credentials");
        assertThat(f.login("ivy@example.org", password).status()).isEqualTo(200);
    }

    @Test
    void failedLoginsAreThrottledPerAccountWithRetryAfter() {
        start(Map.of(SignInConfig.MAX_ATTEMPTS, "3", SignInConfig.WINDOW_MINUTES, "15"));
        f.registered("jo@example.org", PASSWORD);
        for (int i = 0; i < 3; i++) {
            assertProblem(f.login("jo@example.org", "wrong password " + i), 401, "invalid-credentials");
        }
        Http.Response limited = f.login("jo@example.org", PASSWORD);
        assertProblem(limited, 429, "too-many-attempts");
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 15 * 60 + 1);
        // unknown addresses are throttled alike, so the answer tells nothing
        for (int i = 0; i < 3; i++) {
            f.login("nobody-" + i + "@example.org", "wrong password " + i);
        }
        f.clock.advance(Duration.ofMinutes(16));
        assertThat(f.login("jo@example.org", PASSWORD).status()).isEqualTo(200);
        // a success clears the account's count: three more failures are allowed before the limit
        f.clock.advance(Duration.ofMinutes(16));
        for (int i = 0; i < 2; i++) {
            assertProblem(f.login("jo@example.org", "wrong again " + i), 401, "invalid-credentials");
        }
        assertThat(f.login("jo@example.org", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void failuresFromOneClientAreThrottledAcrossAddresses() {
        start(Map.of(SignInConfig.MAX_ATTEMPTS, "3"));
        for (int i = 0; i < 3; i++) {
            assertProblem(f.login("who-" + i + "@example.org", "wrong password " + i), 401, "invalid-credentials");
        }
        Http.Response limited = f.login("someone-else@example.org", "wrong password x");
        assertProblem(limited, 429, "too-many-attempts");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.json().path("retryAfterSeconds").asInt()).isPositive();
    }

    @Test
    void aDisabledAccountCannotSignInNorUseItsKeys() {
        start(Map.of());
        String session = f.registered("kim@example.org", PASSWORD);
        String name = f.http.get("/api/v1/user", session).json().path("name").asText();
        String key = f.http.post("/api/v1/accounts/" + name + "/api-keys", session, "{\"name\":\"cli\"}").json()
                .path("apiKey").asText();
        assertThat(f.http.get("/api/v1/me", key).status()).isEqualTo(200);

        assertProblem(f.http.patch("/api/v1/accounts/" + name, key, "{\"disabled\":true}"), 403, "forbidden");
        JsonNode disabled = f.http.patch("/api/v1/accounts/" + name, f.adminKey, "{\"disabled\":true}").json();
        assertThat(disabled.path("disabled").asBoolean()).isTrue();
        assertProblem(f.http.get("/api/v1/me", key), 403, "account-disabled");
        assertProblem(f.http.get("/api/v1/me", session), 401, "invalid-credentials");
        assertProblem(f.login("kim@example.org", PASSWORD), 403, "account-disabled");
        assertProblem(f.login("kim@example.org", "a wrong password"), 401, "invalid-credentials");

        assertThat(f.http.patch("/api/v1/accounts/" + name, f.adminKey, "{\"disabled\":false}").json()
                .path("disabled").asBoolean()).isFalse();
        assertThat(f.http.get("/api/v1/me", key).status()).isEqualTo(200);
        assertThat(f.login("kim@example.org", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aTrialNeedsNoBodyNotEvenItsHeaders() throws java.io.IOException {
        start(Map.of());
        // as `curl -X POST .../try` sends it: neither Content-Length nor Content-Type nor Transfer-Encoding
        java.net.URI base = f.server.baseUri();
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /api/v1/try HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"token\"");
        }
    }

    @Test
    void aTrialAccountIsTransientCarriesAWarningAndUpgradesByRegistering() {
        start(Map.of());
        Http.Response tried = f.http.post("/api/v1/try", null, "");
        assertThat(tried.status()).isEqualTo(200);
        JsonNode trial = tried.json();
        assertThat(trial.path("account").path("name").asText()).matches("guest-[a-z2-7]{10}");
        assertThat(trial.path("account").path("level").asInt()).isZero();
        assertThat(trial.path("account").path("transient").asBoolean()).isTrue();
        assertThat(trial.path("warning").asText()).contains("will be deleted");
        String token = trial.path("token").asText();
        assertThat(trial.path("redirect").asText()).isEqualTo(JUPYTER + "?token=" + token);
        String session = trial.path("sessionId").asText();

        JsonNode me = f.http.get("/api/v1/me", session).json();
        assertThat(me.path("transient").asBoolean()).isTrue();
        assertThat(me.path("warning").asText()).contains("notebooks and data will be deleted");
        JsonNode redeemed = f.redeem(JUPYTER_SECRET, token).json();
        assertThat(redeemed.path("account").path("transient").asBoolean()).isTrue();
        assertThat(redeemed.path("environment").path("resources.package").asText()).isEqualTo("tiny");
        assertProblem(f.http.patch("/api/v1/user", session, "{\"email\":\"lu@example.org\"}"), 400,
                "invalid-request");

        assertThat(f.http.post("/api/v1/signup", session, Http.json(Map.of("email", "lu@example.org",
                "password", PASSWORD))).status()).isEqualTo(202);
        String code = code(f.nextMail("lu@example.org"), "confirm");
        // until the address is confirmed it is still a trial
        assertThat(f.http.get("/api/v1/me", session).json().path("level").asInt()).isZero();
        assertThat(f.http.get("/api/v1/user", session).json().path("transient").asBoolean()).isTrue();
        JsonNode upgraded = f.http.post("/api/v1/signup/confirm", null, Http.json(Map.of("code", code))).json();
        assertThat(upgraded.path("account").path("name").asText()).isEqualTo(trial.path("account").path("name").asText());
        assertThat(upgraded.path("account").path("level").asInt()).isEqualTo(1);
        assertThat(upgraded.path("account").path("transient").asBoolean()).isFalse();
        JsonNode user = f.http.get("/api/v1/user", session).json();
        assertThat(user.path("transient").asBoolean()).isFalse();
        assertThat(user.has("warning")).isFalse();
        assertThat(f.login("lu@example.org", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void profileAndPasswordChanges() {
        start(Map.of());
        String session = f.registered("mo@example.org", PASSWORD);
        String other = f.login("mo@example.org", PASSWORD).json().path("sessionId").asText();
        JsonNode named = f.http.patch("/api/v1/user", session, "{\"displayName\":\"  Mo Salah \"}").json();
        assertThat(named.path("displayName").asText()).isEqualTo("Mo Salah");
        assertProblem(f.http.patch("/api/v1/user", session, "{}"), 400, "invalid-request");
        assertProblem(f.http.patch("/api/v1/user", session, Http.json(Map.of("displayName", "x".repeat(101)))), 400,
                "invalid-request");

        // a new address applies when the link mailed to it is followed
        JsonNode pending = f.http.patch("/api/v1/user", session, "{\"email\":\"mo@new.example.org\"}").json();
        assertThat(pending.path("email").asText()).isEqualTo("mo@example.org");
        String code = code(f.nextMail("mo@new.example.org"), "confirm");
        assertThat(f.http.post("/api/v1/signup/confirm", null, Http.json(Map.of("code", code))).status())
                .isEqualTo(200);
        assertThat(f.http.get("/api/v1/user", session).json().path("email").asText()).isEqualTo("mo@new.example.org");

        assertProblem(f.http.post("/api/v1/user/password", session, Http.json(Map.of("currentPassword", "wrong one",
                "newPassword", "the next passphrase"))), 401, "invalid-credentials");
        assertProblem(f.http.post("/api/v1/user/password", session, Http.json(Map.of("currentPassword", PASSWORD,
                "newPassword", "short"))), 400, "weak-password");
        assertThat(f.http.post("/api/v1/user/password", session, Http.json(Map.of("currentPassword", PASSWORD,
                "newPassword", "the next passphrase"))).status()).isEqualTo(204);
        assertThat(f.http.get("/api/v1/user", session).status()).as("the changing session stays").isEqualTo(200);
        assertProblem(f.http.get("/api/v1/user", other), 401, "invalid-credentials");
        assertThat(f.login("mo@new.example.org", "the next passphrase").status()).isEqualTo(200);
    }

    @Test
    void twoConcurrentRedeemsOfOneTokenSucceedOnce() throws Exception {
        start(Map.of());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String token = f.http.post("/api/v1/try", null, "").json().path("token").asText();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(threads.submit(() -> {
                        go.await();
                        return f.redeem(JUPYTER_SECRET, token).status();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get(30, TimeUnit.SECONDS));
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 400);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void publicRoutesAreExactlyTheDocumentedPublicOperations() {
        start(Map.of());
        JsonNode document = f.http.get("/openapi.json", null).json();
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            // sites authenticate with their own secret, outside the API-key authentication
            // the web pages outside /api/v1 are public too, but not API routes
            if (path.getKey().startsWith("/api/v1/")
                    && Set.of("public", "site").contains(operation.getValue().path("x-berth-access").asText())) {
                documented.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(documented).containsExactlyInAnyOrder("POST /api/v1/signup", "POST /api/v1/signup/confirm",
                "POST /api/v1/login", "POST /api/v1/try", "POST /api/v1/reset", "POST /api/v1/reset/confirm",
                "POST /api/v1/login-tokens/redeem", "GET /api/v1/environments/schema");
        // and they answer without credentials where others do not
        assertProblem(f.http.get("/api/v1/user", null), 401, "authentication-required");
        assertThat(f.http.post("/api/v1/reset", null, "{\"email\":\"x@example.org\"}").status()).isEqualTo(202);
    }
}

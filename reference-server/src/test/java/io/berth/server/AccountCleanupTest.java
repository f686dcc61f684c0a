package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.berth.server.Problems.assertProblem;
import static io.berth.server.SignInFixture.JUPYTER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance job deletes ended accounts with what they owned: a trial account that logs out, a trial account
 * left idle, and an account its owner deletes. Their deployments get REMOVE commands that the local provider
 * completes; only then do the accounts go. Runs on the embedded default (H2, local provider, demo catalog) with the
 * job every second; waits poll with generous deadlines.
 */
class AccountCleanupTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path data;
    private SignInFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aTrialThatLogsOutIsDeletedAfterItsDeploymentsAreRemoved() {
        f = new SignInFixture(data, Map.of(ServerConfig.DEMO_CATALOG, "true", SignInConfig.CLEANUP_SECONDS, "1"),
                false);
        JsonNode trial = f.http.post("/api/v1/try", null, "").json();
        String session = trial.path("sessionId").asText();
        String name = trial.path("account").path("name").asText();
        String token = trial.path("token").asText();

        Http.Response accepted = f.http.post("/api/v1/commands", session,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"size\":\"small\"}}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode install = f.http.awaitCommand(session, accepted.json().path("id").asText());
        assertThat(install.path("state").asText()).isEqualTo("COMPLETED");
        String deployment = install.path("deployment").asText();
        assertThat(accountNames()).contains(name);

        assertThat(f.http.post("/api/v1/logout", session, "").status()).isEqualTo(204);

        await("the trial account is deleted", () -> !accountNames().contains(name));
        JsonNode removed = f.http.get("/api/v1/deployments/" + deployment, f.adminKey).json();
        assertThat(removed.path("state").asText()).as("kept as history, removed").isEqualTo("REMOVED");
        JsonNode commands = f.http.get("/api/v1/commands?deployment=" + deployment, f.adminKey).json();
        assertThat(commands).extracting(c -> c.path("action").asText() + " " + c.path("state").asText())
                .containsExactlyInAnyOrder("install COMPLETED", "remove COMPLETED");
        assertProblem(f.http.get("/api/v1/user", session), 401, "invalid-credentials");
        assertProblem(f.redeem(JUPYTER_SECRET, token), 400, "token-invalid");
        assertThat(f.server.stores().signIn().accountsToPurge(Instant.now(), Instant.now(), 10)).isEmpty();
    }

    @Test
    void anAccountItsOwnerDeletesGoesWithItsKeysBookingsAndQueueEntries() {
        f = new SignInFixture(data, Map.of(ServerConfig.DEMO_CATALOG, "true", SignInConfig.CLEANUP_SECONDS, "1"),
                false);
        String session = f.registered("nia@example.org", PASSWORD);
        String name = f.http.get("/api/v1/user", session).json().path("name").asText();
        String key = f.http.post("/api/v1/accounts/" + name + "/api-keys", session, "{\"name\":\"cli\"}").json()
                .path("apiKey").asText();
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Http.Response booked = f.http.post("/api/v1/bookings", key,
                "{\"package\":\"small\",\"start\":\"" + tomorrow + "\",\"days\":1}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        String booking = booked.json().path("id").asText();
        Http.Response queued = f.http.post("/api/v1/queue", key, "{\"package\":\"large\",\"days\":1}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        String entry = queued.json().path("id").asText();
        Http.Response accepted = f.http.post("/api/v1/commands", key,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"size\":\"small\"}}");
        String deployment = f.http.awaitCommand(key, accepted.json().path("id").asText()).path("deployment").asText();

        Http.Response deleted = f.http.delete("/api/v1/user", session);
        assertThat(deleted.status()).isEqualTo(202);
        // refused at once, before the job has run
        assertProblem(f.http.get("/api/v1/me", key), 403, "account-disabled");
        assertProblem(f.login("nia@example.org", PASSWORD), 403, "account-disabled");

        await("the account is deleted", () -> !accountNames().contains(name));
        assertProblem(f.http.get("/api/v1/me", key), 401, "invalid-credentials");
        assertProblem(f.login("nia@example.org", PASSWORD), 401, "invalid-credentials");
        assertThat(f.http.get("/api/v1/deployments/" + deployment, f.adminKey).json().path("state").asText())
                .isEqualTo("REMOVED");
        assertThat(f.http.get("/api/v1/bookings/" + booking, f.adminKey).json().path("status").asText())
                .as("released, kept as history").isEqualTo("CANCELLED");
        assertProblem(f.http.get("/api/v1/queue/" + entry, f.adminKey), 404, "queue-entry-not-found");
        // the address is free again
        assertThat(f.signup("nia@example.org", PASSWORD).status()).isEqualTo(202);
        assertThat(SignInFixture.subject(f.nextMail("nia@example.org"))).isEqualTo("Confirm your email address");
    }

    @Test
    void anAdminDeletesAnAccount() {
        f = new SignInFixture(data, Map.of(SignInConfig.CLEANUP_SECONDS, "1"), false);
        String session = f.registered("oz@example.org", PASSWORD);
        String name = f.http.get("/api/v1/user", session).json().path("name").asText();
        assertProblem(f.http.delete("/api/v1/accounts/" + name, session), 403, "forbidden");
        assertProblem(f.http.delete("/api/v1/accounts/nobody", f.adminKey), 404, "account-not-found");
        assertThat(f.http.delete("/api/v1/accounts/" + name, f.adminKey).status()).isEqualTo(202);
        assertProblem(f.http.get("/api/v1/user", session), 401, "invalid-credentials");
        await("the account is deleted", () -> !accountNames().contains(name));
    }

    @Test
    void anIdleTrialIsDeletedWhenItsSessionHasExpired() {
        f = new SignInFixture(data, Map.of(SignInConfig.CLEANUP_SECONDS, "1", SignInConfig.TRIAL_IDLE_MINUTES, "30"),
                true);
        JsonNode trial = f.http.post("/api/v1/try", null, "").json();
        String name = trial.path("account").path("name").asText();
        String kept = f.http.post("/api/v1/try", null, "").json().path("sessionId").asText();

        f.clock.advance(Duration.ofMinutes(45));
        // the second trial is in use, so its session lives on
        assertThat(f.http.get("/api/v1/me", kept).status()).isEqualTo(200);
        f.clock.advance(Duration.ofMinutes(20));
        await("the idle trial is deleted", () -> !accountNames().contains(name));
        assertThat(f.http.get("/api/v1/me", kept).status()).isEqualTo(200);
        assertThat(accountNames()).hasSize(2);
    }

    private java.util.List<String> accountNames() {
        return SignInFixture.names(f.http.get("/api/v1/accounts", f.adminKey).json());
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within 60 seconds");
            }
            Http.pause();
        }
    }
}

package io.berth.server;

import io.berth.platform.testing.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code Idempotency-Key} over HTTP: a retried request gets the first command, a changed one is refused. */
class IdempotencyTest {
    @TempDir
    Path data;
    private final FakeProvider fake = new FakeProvider();
    private TestServer server;
    private Http http;
    private String alice;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data, fake);
        http = server.http;
        alice = server.createUser("alice");
        http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "prepare"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sameKeyAndBodyAnswersTheFirstCommand() {
        Http.Response first = http.post("/api/v1/commands", alice, Plans.install("notebook"), "Idempotency-Key", "tour-1");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotency-Replayed")).isNull();
        String id = first.json().path("id").asText();
        http.awaitCommand(alice, id);

        // the same parameters in another order are the same request
        Http.Response again = http.post("/api/v1/commands", alice,
                "{\"parameters\":{\"size\":\"small\"},\"plan\":\"notebook\",\"action\":\"install\"}",
                "Idempotency-Key", "tour-1");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo("/api/v1/commands/" + id);
        assertThat(again.json().path("id").asText()).isEqualTo(id);
        assertThat(again.json().path("state").asText()).isEqualTo("COMPLETED");

        assertThat(http.get("/api/v1/commands", alice).json()).hasSize(1);
        assertThat(http.get("/api/v1/deployments", alice).json()).hasSize(1);
        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        Http.Response first = http.post("/api/v1/commands", alice, Plans.install("notebook"), "Idempotency-Key", "k1");
        http.awaitCommand(alice, first.json().path("id").asText());

        assertProblem(http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"size\":\"large\"}}",
                "Idempotency-Key", "k1"), 409, "idempotency-key-reused");
        assertThat(http.get("/api/v1/commands", alice).json()).hasSize(1);
    }

    @Test
    void keysAreScopedToTheCaller() {
        String bob = server.createUser("bob");
        String aliceCommand = http.post("/api/v1/commands", alice, Plans.install("notebook"), "Idempotency-Key", "same")
                .json().path("id").asText();
        Http.Response bobs = http.post("/api/v1/commands", bob, Plans.install("notebook"), "Idempotency-Key", "same");
        assertThat(bobs.status()).isEqualTo(202);
        assertThat(bobs.header("Idempotency-Replayed")).isNull();
        assertThat(bobs.json().path("id").asText()).isNotEqualTo(aliceCommand);
    }

    @Test
    void removeByDeleteIsIdempotentToo() {
        String install = http.post("/api/v1/commands", alice, Plans.install("notebook")).json().path("id").asText();
        String deployment = http.awaitCommand(alice, install).path("deployment").asText();

        Http.Response remove = http.delete("/api/v1/deployments/" + deployment, alice, "Idempotency-Key", "rm-1");
        assertThat(remove.status()).isEqualTo(202);
        http.awaitCommand(alice, remove.json().path("id").asText());
        Http.Response retry = http.delete("/api/v1/deployments/" + deployment, alice, "Idempotency-Key", "rm-1");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(remove.json().path("id").asText());
    }
}

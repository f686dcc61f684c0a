package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** API keys with scopes, expiry, revocation and last use, and SSH keys, over HTTP. */
class KeysApiTest {
    private static final String KEYS = "/api/v1/api-keys";
    private static final String SSH = "/api/v1/ssh-keys";

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00.000001Z"));
    private TestServer server;
    private Http http;
    private String alice;

    @BeforeEach
    void start() {
        server = TestServer.withClock(data, clock);
        http = server.http;
        alice = server.createUser("alice");
        assertThat(http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("notebook", "start")).status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aReadOnlyKeyCanReadButNotCommand() {
        JsonNode created = created(http.post(KEYS, alice, "{\"name\":\"ci\",\"scopes\":[\"read\"]}"));
        assertThat(created.path("scopes")).extracting(JsonNode::asText).containsExactly("read");
        assertThat(created.path("name").asText()).isEqualTo("ci");
        String reader = created.path("apiKey").asText();

        assertThat(http.get("/api/v1/commands", reader).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/me", reader).json().path("name").asText()).isEqualTo("alice");
        Problems.Snapshot before = Problems.Snapshot.of(server.stores);
        JsonNode refused = assertProblem(http.post("/api/v1/commands", reader, Plans.install("notebook")), 403,
                "insufficient-scope");
        assertThat(refused.path("detail").asText()).isEqualTo("this route needs an API key with the 'deploy' scope");
        assertThat(Problems.Snapshot.of(server.stores)).isEqualTo(before);
        assertProblem(http.post(KEYS, reader, "{}"), 403, "insufficient-scope");
        assertProblem(http.post("/api/v1/bookings", reader, "{}"), 403, "insufficient-scope");
        assertProblem(http.post(SSH + "/generate", reader, "{}"), 403, "insufficient-scope");

        // the same request with the full key is accepted
        assertThat(http.post("/api/v1/commands", alice, Plans.install("notebook")).status()).isEqualTo(202);
    }

    @Test
    void aDeployKeyCommandsButCannotMakeKeysAndNoKeyGetsMoreThanItsMaker() {
        String deployer = created(http.post(KEYS, alice, "{\"scopes\":[\"read\",\"deploy\",\"account\"]}"))
                .path("apiKey").asText();
        assertThat(http.post("/api/v1/commands", deployer, Plans.install("notebook")).status()).isEqualTo(202);
        JsonNode problem = assertProblem(http.post(KEYS, deployer, "{\"scopes\":[\"book\"]}"), 400, "invalid-request");
        assertThat(problem.path("detail").asText()).contains("'book'");
        JsonNode same = created(http.post(KEYS, deployer, "{\"name\":\"copy\"}"));
        assertThat(same.path("scopes")).extracting(JsonNode::asText).containsExactly("read", "deploy", "account");

        assertProblem(http.post(KEYS, alice, "{\"scopes\":[\"admin\"]}"), 400, "invalid-request");
        assertThat(assertProblem(http.post(KEYS, alice, "{\"scopes\":[\"root\"]}"), 400, "invalid-request")
                .path("detail").asText()).contains("unknown scope 'root'");
        assertProblem(http.post(KEYS, alice, "{\"scopes\":[]}"), 400, "invalid-request");
    }

    @Test
    void anAdminKeyWithoutTheAdminScopeHasNoAdminPowers() {
        String plain = created(http.post(KEYS, server.adminKey, "{\"scopes\":[\"read\",\"deploy\",\"account\"]}"))
                .path("apiKey").asText();
        assertProblem(http.post("/api/v1/plans", plain, Plans.fakePlan("other", "start")), 403, "insufficient-scope");
        assertProblem(http.get("/api/v1/accounts", plain), 403, "insufficient-scope");
        assertThat(http.get("/api/v1/accounts", server.adminKey).status()).isEqualTo(200);
        // a user's key lacks the admin scope but is refused for its role
        assertProblem(http.post("/api/v1/plans", alice, Plans.fakePlan("other", "start")), 403, "forbidden");
    }

    @Test
    void theListShowsScopesExpiryAndLastUseButNoSecret() {
        JsonNode created = created(http.post(KEYS, alice, "{\"name\":\"laptop\",\"expiresInDays\":30}"));
        String laptop = created.path("apiKey").asText();
        assertThat(created.path("expiresAt").asText()).isEqualTo(clock.instant().plus(Duration.ofDays(30)).toString());

        JsonNode list = http.get(KEYS, alice).json();
        assertThat(list).extracting(k -> k.path("name").asText()).containsExactly("laptop", "initial");
        assertThat(list.get(0).path("lastUsedAt").isNull()).isTrue();
        assertThat(list.get(0).path("revokedAt").isNull()).isTrue();
        assertThat(list.get(0).path("scopes")).extracting(JsonNode::asText)
                .containsExactly("read", "deploy", "book", "account");
        assertThat(list.get(0).has("apiKey")).isFalse();
        assertThat(http.get(KEYS, alice).body()).doesNotContain(laptop).doesNotContain(laptop.substring(19))
                .doesNotContainIgnoringCase("hash");

        clock.advance(Duration.ofMinutes(2));
        assertThat(http.get("/api/v1/me", laptop).status()).isEqualTo(200);
        JsonNode used = http.get(KEYS, alice).json().get(0);
        assertThat(used.path("lastUsedAt").asText()).isEqualTo(clock.instant().toString());
        // another account's keys are not in the list
        assertThat(http.get(KEYS, server.adminKey).json()).extracting(k -> k.path("name").asText())
                .containsExactly("initial");
    }

    @Test
    void aRevokedOrExpiredKeyGetsTheSameAnswerAsAnUnknownOne() {
        String unknown = assertProblem(http.get("/api/v1/me", "berth_000000000000_" + "0".repeat(38)), 401,
                "invalid-credentials").path("detail").asText();

        JsonNode day = created(http.post(KEYS, alice, "{\"expiresInDays\":1}"));
        String dayKey = day.path("apiKey").asText();
        assertThat(http.get("/api/v1/me", dayKey).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        assertThat(assertProblem(http.get("/api/v1/me", dayKey), 401, "invalid-credentials").path("detail").asText())
                .isEqualTo(unknown);

        JsonNode laptop = created(http.post(KEYS, alice, "{\"name\":\"laptop\"}"));
        String keyId = laptop.path("keyId").asText();
        String bob = server.createUser("bob");
        assertProblem(http.delete(KEYS + "/" + keyId, bob), 404, "api-key-not-found");
        assertThat(http.get("/api/v1/me", laptop.path("apiKey").asText()).status()).isEqualTo(200);

        Http.Response revoked = http.delete(KEYS + "/" + keyId, alice);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revokedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(assertProblem(http.get("/api/v1/me", laptop.path("apiKey").asText()), 401, "invalid-credentials")
                .path("detail").asText()).isEqualTo(unknown);
        assertProblem(http.delete(KEYS + "/nosuchkey", alice), 404, "api-key-not-found");

        // an admin may revoke anyone's key
        String bobsKeyId = http.get(KEYS, bob).json().get(0).path("keyId").asText();
        assertThat(http.delete(KEYS + "/" + bobsKeyId, server.adminKey).status()).isEqualTo(200);
        assertProblem(http.get("/api/v1/me", bob), 401, "invalid-credentials");
    }

    @Test
    void badExpiriesAreRefused() {
        assertProblem(http.post(KEYS, alice, "{\"expiresInDays\":0}"), 400, "invalid-request");
        assertProblem(http.post(KEYS, alice, "{\"expiresInDays\":3651}"), 400, "invalid-request");
        assertProblem(http.post(KEYS, alice, "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}"), 400, "invalid-request");
        assertProblem(http.post(KEYS, alice, "{\"expiresAt\":\"2030-01-01T00:00:00Z\",\"expiresInDays\":3}"), 400,
                "invalid-request");
        assertProblem(http.post(KEYS, alice, "{\"expiresAt\":\"tomorrow\"}"), 400, "invalid-request");
    }

    @Test
    void theAdminRouteForAnotherAccountTakesScopes() {
        JsonNode created = created(http.post("/api/v1/accounts/alice/api-keys", server.adminKey,
                "{\"name\":\"support\",\"scopes\":[\"read\"]}"));
        assertThat(created.path("scopes")).extracting(JsonNode::asText).containsExactly("read");
        assertProblem(http.post("/api/v1/commands", created.path("apiKey").asText(), Plans.install("notebook")), 403,
                "insufficient-scope");
    }

    @Test
    void sshKeysAreAddedListedAndRemoved() {
        Http.Response added = http.post(SSH, alice, Http.json(Map.of("publicKey", resource("ed25519.pub"))));
        assertThat(added.status()).isEqualTo(201);
        JsonNode key = added.json();
        assertThat(key.path("fingerprint").asText()).isEqualTo("SHA256:6bENvObIPUEq4M/r8gxOgnCYl489OXMVF7jFBNMYRJk");
        assertThat(key.path("name").asText()).isEqualTo("test-ed25519");
        assertThat(key.path("type").asText()).isEqualTo("ssh-ed25519");
        assertThat(key.path("bits").asInt()).isEqualTo(256);
        assertThat(key.path("publicKey").asText()).isEqualTo(resource("ed25519.pub"));

        JsonNode ecdsa = http.post(SSH, alice, Http.json(Map.of("publicKey", resource("ecdsa256.pub"), "name", "work")))
                .json();
        assertThat(ecdsa.path("fingerprint").asText()).isEqualTo("SHA256:8YmpF0HPn9OdNqO+qdEpOYYQDd4tKWykVFxmDCrIydw");
        assertThat(http.get(SSH, alice).json()).extracting(k -> k.path("name").asText())
                .containsExactly("test-ed25519", "work");
        assertThat(http.get(SSH, server.adminKey).json()).isEmpty();

        String bob = server.createUser("bob");
        assertProblem(http.delete(SSH + "/" + key.path("id").asText(), bob), 404, "ssh-key-not-found");
        assertProblem(http.delete(SSH + "/not-a-uuid", alice), 400, "invalid-request");
        assertThat(http.delete(SSH + "/" + key.path("id").asText(), alice).status()).isEqualTo(204);
        assertThat(http.get(SSH, alice).json()).extracting(k -> k.path("name").asText()).containsExactly("work");
        assertProblem(http.delete(SSH + "/" + key.path("id").asText(), alice), 404, "ssh-key-not-found");
    }

    @Test
    void badSshKeysAreRefusedNamingTheProblem() {
        assertThat(badKey(resource("rsa1024.pub"))).isEqualTo("the RSA key has 1024 bits; at least 2048 are needed");
        assertThat(badKey(resource("ed25519.pub").replace("ssh-ed25519", "ecdsa-sha2-nistp256")))
                .isEqualTo("the key data is of type 'ssh-ed25519' but the line says 'ecdsa-sha2-nistp256'");
        assertThat(badKey("ssh-ed25519 !!!")).isEqualTo("the key data of the ssh-ed25519 key is not valid base64");
        assertThat(badKey("ssh-dss AAAA")).startsWith("unsupported SSH key type 'ssh-dss'");
        assertThat(badKey("hello")).isEqualTo("expected '<type> <base64 key> [comment]'");
        assertThat(assertProblem(http.post(SSH, alice, "{}"), 400, "invalid-request").path("detail").asText())
                .contains("publicKey is required");

        assertThat(http.post(SSH, alice, Http.json(Map.of("publicKey", resource("rsa2048.pub")))).status())
                .isEqualTo(201);
        JsonNode duplicate = assertProblem(http.post(SSH, alice, Http.json(Map.of("publicKey",
                resource("rsa2048.pub").replace("test-rsa2048", "renamed")))), 409, "ssh-key-exists");
        assertThat(duplicate.path("detail").asText()).contains("SHA256:ZwN2Ny/2Pf6/KG75AfW+OF9XgSprfny2EzBbuRgRMj0");
        assertThat(http.get(SSH, alice).json()).hasSize(1);
    }

    @Test
    void aGeneratedKeyIsStoredReturnedOnceAndCountsTowardsTheLimit() {
        Http.Response generated = http.post(SSH + "/generate", alice, "{\"name\":\"laptop\"}");
        assertThat(generated.status()).isEqualTo(201);
        JsonNode body = generated.json();
        assertThat(body.path("privateKey").asText()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(body.path("key").path("type").asText()).isEqualTo("ssh-ed25519");
        assertThat(body.path("key").path("publicKey").asText()).endsWith(" laptop");
        assertThat(http.get(SSH, alice).body()).doesNotContain("PRIVATE").contains(body.path("key").path("fingerprint").asText());

        for (int i = 1; i < 20; i++) {
            assertThat(http.post(SSH + "/generate", alice, "{}").status()).isEqualTo(201);
        }
        assertProblem(http.post(SSH + "/generate", alice, "{}"), 409, "ssh-key-limit");
        assertProblem(http.post(SSH, alice, Http.json(Map.of("publicKey", resource("ed25519.pub")))), 409,
                "ssh-key-limit");
        assertThat(http.get(SSH, alice).json()).hasSize(20);
    }

    @Test
    void theSubmittersKeysReachTheCommandAsSshKeys() {
        http.post(SSH, alice, Http.json(Map.of("publicKey", resource("ed25519.pub"))));
        http.post(SSH, alice, Http.json(Map.of("publicKey", resource("ecdsa256.pub"))));
        Http.Response accepted = http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"ssh.keys\":\"forged\"}}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("parameters").path("ssh.keys").asText())
                .isEqualTo(resource("ed25519.pub") + "\n" + resource("ecdsa256.pub"));

        JsonNode withoutKeys = http.post("/api/v1/commands", server.adminKey,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"ssh.keys\":\"forged\"}}").json();
        assertThat(withoutKeys.path("parameters").has("ssh.keys")).isFalse();
    }

    private String badKey(String line) {
        return assertProblem(http.post(SSH, alice, Http.json(Map.of("publicKey", line))), 400, "invalid-ssh-key")
                .path("detail").asText();
    }

    private static JsonNode created(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("apiKey").asText()).matches("berth_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}");
        assertThat(body.path("apiKey").asText()).contains(body.path("keyId").asText());
        return body;
    }

    private static String resource(String name) {
        try (InputStream in = KeysApiTest.class.getResourceAsStream("ssh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource ssh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

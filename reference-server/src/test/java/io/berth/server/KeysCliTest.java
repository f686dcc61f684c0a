package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.cli.BerthCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code berth api-keys} and {@code berth ssh-keys} against a real server. */
class KeysCliTest {
    @TempDir
    Path data;
    @TempDir
    Path home;

    private TestServer server;
    private String alice;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data);
        alice = server.createUser("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void apiKeysCreateListAndRevoke() throws IOException {
        Result created = berth(alice, "api-keys", "create", "--name", "ci", "--scope", "read",
                "--expires-in-days", "7", "--output", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode key = Http.JSON.readTree(created.out());
        String readKey = key.path("apiKey").asText();
        assertThat(key.path("scopes")).extracting(JsonNode::asText).containsExactly("read");

        Result text = berth(alice, "api-keys", "create", "--name", "laptop", "--scope", "read,deploy");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("Scopes   read,deploy").contains("The API key is shown only this once");

        Result list = berth(alice, "api-keys", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("KEY ID").contains("SCOPES", "LAST USED");
        assertThat(list.out()).contains("laptop", "ci", "initial", "read,deploy").doesNotContain(readKey);

        // the read-only key lists but cannot make keys
        assertThat(berth(readKey, "api-keys", "list").exitCode()).isZero();
        Result refused = berth(readKey, "api-keys", "create");
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).contains("(insufficient-scope)");

        Result revoked = berth(alice, "api-keys", "revoke", key.path("keyId").asText());
        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.out()).isEqualTo("API key " + key.path("keyId").asText() + " (ci) is revoked.\n");
        assertThat(berth(readKey, "api-keys", "list").exitCode()).isEqualTo(5);
        assertThat(berth(alice, "api-keys", "list").out()).contains("revoked ");

        // the old name still works for an admin's key of another account
        Result old = berth(server.adminKey, "apikeys", "create", "alice", "--name", "support");
        assertThat(old.exitCode()).as(old.err()).isZero();
        assertThat(old.out()).startsWith("Account  alice\n");
    }

    @Test
    void sshKeysAddGenerateListAndRemove() throws IOException {
        Path pub = home.resolve("id_ed25519.pub");
        Files.writeString(pub, resource("ed25519.pub") + "\n");
        Result added = berth(alice, "ssh-keys", "add", pub.toString(), "--name", "laptop");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Name         laptop")
                .contains("Fingerprint  SHA256:6bENvObIPUEq4M/r8gxOgnCYl489OXMVF7jFBNMYRJk");

        Result line = berth(alice, "ssh-keys", "add", resource("ecdsa256.pub"));
        assertThat(line.exitCode()).isZero();
        Result duplicate = berth(alice, "ssh-keys", "add", pub.toString());
        assertThat(duplicate.exitCode()).isEqualTo(4);
        assertThat(duplicate.err()).contains("(ssh-key-exists)");
        Result weak = berth(alice, "ssh-keys", "add", resource("rsa1024.pub"));
        assertThat(weak.exitCode()).isEqualTo(7);
        assertThat(weak.err()).isEqualTo("berth: the RSA key has 1024 bits; at least 2048 are needed (invalid-ssh-key)\n");
        assertThat(berth(alice, "ssh-keys", "add", home.resolve("missing.pub").toString()).exitCode()).isEqualTo(2);

        Path out = home.resolve("berth_key");
        Result generated = berth(alice, "ssh-keys", "generate", "--name", "made", "--out", out.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.out()).doesNotContain("PRIVATE KEY").contains("Private key written to " + out);
        assertThat(Files.readString(out)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(home.resolve("berth_key.pub"))).startsWith("ssh-ed25519 ").endsWith(" made\n");
        assertThat(berth(alice, "ssh-keys", "generate", "--out", out.toString()).exitCode()).isEqualTo(2);

        Result list = berth(alice, "ssh-keys", "list", "--output", "json");
        JsonNode keys = Http.JSON.readTree(list.out());
        assertThat(keys).extracting(k -> k.path("name").asText()).containsExactly("laptop", "test-ecdsa256", "made");

        String id = keys.get(0).path("id").asText();
        Result removed = berth(alice, "ssh-keys", "remove", id);
        assertThat(removed.out()).isEqualTo("SSH key " + id + " is removed.\n");
        assertThat(berth(alice, "ssh-keys", "remove", id).exitCode()).isEqualTo(3);
        assertThat(berth(alice, "ssh-keys", "list").out()).doesNotContain("laptop").contains("made");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result berth(String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("BERTH_URL", server.server.baseUri().toString(), "BERTH_API_KEY", key,
                "BERTH_DATA_DIR", data.resolve("cli").toString());
        BerthCli cli = new BerthCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = cli.toCommandLine().execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = KeysCliTest.class.getResourceAsStream("ssh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource ssh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

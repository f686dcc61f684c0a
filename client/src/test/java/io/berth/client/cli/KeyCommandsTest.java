package io.berth.client.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The requests and printing of {@code berth api-keys} and {@code berth ssh-keys}. */
class KeyCommandsTest extends CliTestSupport {

    private static final String SSH_KEY = "{\"id\": \"5b0f6f2e-0000-4000-8000-000000000001\", \"name\": \"laptop\","
            + " \"type\": \"ssh-ed25519\", \"bits\": 256, \"fingerprint\": \"SHA256:abc\","
            + " \"publicKey\": \"ssh-ed25519 AAAAC3 laptop\", \"created\": \"2026-11-23T10:00:00Z\"}";

    @Test
    void apiKeysCreateSendsScopesAndExpiryInDays() throws Exception {
        server.json("POST", "/api/v1/api-keys", 201, "{\"keyId\": \"K3abcdefghij\", \"apiKey\": \"berth_K3abcdefghij_s\","
                + " \"name\": \"ci\", \"scopes\": [\"read\", \"book\"], \"created\": \"2026-11-23T10:00:00Z\","
                + " \"expiresAt\": \"2026-11-30T10:00:00Z\"}");

        CliRunner.Result result = berth("api-keys", "create", "--name", "ci", "--scope", "read", "--scope", "book",
                "--expires-in-days", "7");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                Key id   K3abcdefghij
                Scopes   read,book
                Expires  2026-11-30T10:00:00Z
                API key  berth_K3abcdefghij_s

                The API key is shown only this once; store it now.
                """);
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"name\": \"ci\", \"scopes\": [\"read\", \"book\"], \"expiresInDays\": 7}"));

        assertThat(berth("api-keys", "create", "--scope", "read,deploy").exitCode()).isEqualTo(0);
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"name\": \"default\", \"scopes\": [\"read\", \"deploy\"]}"));
        assertThat(berth("api-keys", "create", "--expires-at", "2027-01-01T00:00:00Z").exitCode()).isEqualTo(2);
    }

    @Test
    void apiKeysListShowsStateAndRevokeDeletes() {
        server.json("GET", "/api/v1/api-keys", 200, "[{\"keyId\": \"K1\", \"name\": \"ci\", \"scopes\": [\"read\"],"
                + " \"created\": \"2026-11-23T10:00:00Z\", \"expiresAt\": null, \"lastUsedAt\": \"2026-11-24T08:00:00Z\","
                + " \"revokedAt\": null}, {\"keyId\": \"K0\", \"name\": \"old\", \"scopes\": [\"read\", \"deploy\"],"
                + " \"created\": \"2026-11-20T10:00:00Z\", \"expiresAt\": \"2026-11-21T10:00:00Z\","
                + " \"lastUsedAt\": null, \"revokedAt\": null}]");

        CliRunner.Result result = berth("api-keys", "list");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                KEY ID  NAME  SCOPES       CREATED               EXPIRES               LAST USED             STATE
                K1      ci    read         2026-11-23T10:00:00Z  -                     2026-11-24T08:00:00Z  active
                K0      old   read,deploy  2026-11-20T10:00:00Z  2026-11-21T10:00:00Z  -                     expired
                """);

        server.json("DELETE", "/api/v1/api-keys/K1", 200, "{\"keyId\": \"K1\", \"name\": \"ci\", \"scopes\": [\"read\"],"
                + " \"created\": \"2026-11-23T10:00:00Z\", \"revokedAt\": \"2026-11-25T10:00:00Z\"}");
        CliRunner.Result revoked = berth("api-keys", "revoke", "K1");
        assertThat(revoked.exitCode()).isEqualTo(0);
        assertThat(revoked.out()).isEqualTo("API key K1 (ci) is revoked.\n");
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
    }

    @Test
    void sshKeysAddReadsAFileAndGenerateWritesAnOwnerOnlyFile() throws Exception {
        Path pub = dataDir.resolve("id.pub");
        Files.writeString(pub, "ssh-ed25519 AAAAC3 laptop\n");
        server.json("POST", "/api/v1/ssh-keys", 201, SSH_KEY);

        CliRunner.Result added = berth("ssh-keys", "add", pub.toString(), "--name", "laptop");

        assertThat(added.exitCode()).isEqualTo(0);
        assertThat(added.out()).isEqualTo("""
                Id           5b0f6f2e-0000-4000-8000-000000000001
                Name         laptop
                Type         ssh-ed25519 (256 bits)
                Fingerprint  SHA256:abc
                """);
        assertThat(json(server.lastRequest().body()))
                .isEqualTo(json("{\"publicKey\": \"ssh-ed25519 AAAAC3 laptop\", \"name\": \"laptop\"}"));

        server.json("POST", "/api/v1/ssh-keys/generate", 201, "{\"key\": " + SSH_KEY + ", \"privateKey\":"
                + " \"-----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----\\n\"}");
        Path out = dataDir.resolve("keys").resolve("id_berth");
        Files.createDirectories(out.getParent());
        CliRunner.Result generated = berth("ssh-keys", "generate", "--name", "laptop", "--out", out.toString());
        assertThat(generated.exitCode()).isEqualTo(0);
        assertThat(Files.readString(out)).isEqualTo("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(dataDir.resolve("keys").resolve("id_berth.pub"))).isEqualTo("ssh-ed25519 AAAAC3 laptop\n");
        assertThat(generated.out()).doesNotContain("PRIVATE KEY-----");
        assertThat(json(server.lastRequest().body())).isEqualTo(json("{\"name\": \"laptop\"}"));
    }

    @Test
    void sshKeysListAndRemove() throws Exception {
        server.json("GET", "/api/v1/ssh-keys", 200, "[" + SSH_KEY + "]");
        CliRunner.Result list = berth("ssh-keys", "list");
        assertThat(list.out()).isEqualTo("""
                ID                                    NAME    TYPE         BITS  FINGERPRINT  CREATED
                5b0f6f2e-0000-4000-8000-000000000001  laptop  ssh-ed25519  256   SHA256:abc   2026-11-23T10:00:00Z
                """);
        assertThat(json(berth("ssh-keys", "list", "--output", "json").out())).isEqualTo(json("[" + SSH_KEY + "]"));

        server.on("DELETE", "/api/v1/ssh-keys/5b0f6f2e-0000-4000-8000-000000000001", (exchange, request) -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        CliRunner.Result removed = berth("ssh-keys", "remove", "5b0f6f2e-0000-4000-8000-000000000001");
        assertThat(removed.exitCode()).isEqualTo(0);
        assertThat(removed.out()).isEqualTo("SSH key 5b0f6f2e-0000-4000-8000-000000000001 is removed.\n");
    }
}

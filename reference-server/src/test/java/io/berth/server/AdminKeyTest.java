package io.berth.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first start makes the admin and hands over its key once; later starts on the same database do not. */
class AdminKeyTest {
    @TempDir
    Path data;

    @Test
    void firstStartWritesAnOwnerOnlyKeyFileAndLaterStartsReuseTheDatabase() throws IOException {
        Map<String, String> env = Map.of(ServerConfig.DEMO_CATALOG, "false");
        Path keyFile = data.resolve("admin-key");
        String key;
        try (TestServer first = TestServer.fromEnvironment(data, env)) {
            key = first.adminKey;
            assertThat(key).matches("berth_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(first.output()).containsOnlyOnce(key).contains("saved in " + keyFile);
            Http.Response me = first.http.get("/api/v1/me", key);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().path("name").asText()).isEqualTo("admin");
            assertThat(me.json().path("role").asText()).isEqualTo("ADMIN");
            assertThat(first.http.post("/api/v1/plans", key, "{\"name\":\"kept\"}").status()).isEqualTo(201);
        }

        try (TestServer second = TestServer.fromEnvironment(data, env)) {
            assertThat(second.output()).doesNotContain("berth_").contains("the admin API key is in " + keyFile);
            assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
            assertThat(second.http.get("/api/v1/me", key).status()).isEqualTo(200);
            assertThat(second.http.get("/api/v1/accounts", key).json()).hasSize(1);
            assertThat(second.http.get("/api/v1/plans/kept", key).status()).isEqualTo(200);
        }
    }

    @Test
    void aLevelWhoseDefaultPackageDoesNotExistStopsTheStart() {
        assertThatThrownBy(() -> TestServer.fromEnvironment(data, Map.of("BERTH_LEVEL_1", "package=huge")))
                .isInstanceOf(io.berth.core.error.BerthException.class).hasMessageContaining("huge");
    }
}

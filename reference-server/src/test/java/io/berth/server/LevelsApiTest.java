package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.platform.testing.InMemoryStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Admins set level quotas at runtime; every server on the same store shows them at once. */
class LevelsApiTest {
    private static final String LEVEL_1 = """
            {"level": 1, "notebooks": {"maxCount": 5, "maxSizeMiB": 1024}, "savedData": {"maxCount": 10, "maxSizeMiB": 2048},
             "tempData": {"maxCount": 20, "maxSizeMiB": 512},
             "retention": {"tempDataDays": 3, "savedDataMonths": null, "notebookMonths": 24, "transientAccount": false},
             "defaultPackage": "medium"}""";

    @TempDir
    Path data;

    private final InMemoryStores stores = new InMemoryStores();
    private TestServer first;
    private TestServer second;

    @BeforeEach
    void start() {
        first = TestServer.inMemory(data, stores, Duration.ofSeconds(15));
        second = TestServer.inMemory(data, stores, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void anAdminSetsALevelAndEveryServerShowsItUntilItIsReset() {
        String alice = first.createUser("alice");
        JsonNode configured = level(first.http.get("/api/v1/levels", alice).json(), 1);
        assertThat(configured.path("defaultPackage").asText()).isEqualTo("small");

        Http.Response set = first.http.put("/api/v1/levels/1", first.adminKey, LEVEL_1);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json()).isEqualTo(Http.parse(LEVEL_1));

        for (TestServer server : new TestServer[] {first, second}) {
            assertThat(level(server.http.get("/api/v1/levels", alice).json(), 1)).isEqualTo(Http.parse(LEVEL_1));
            JsonNode me = server.http.get("/api/v1/me", alice).json();
            assertThat(me.path("quotas")).isEqualTo(Http.parse(LEVEL_1));
            assertThat(me.path("environment").path("resources.package").asText()).isEqualTo("medium");
            assertThat(me.path("environment").path("quota.notebooks.count").asText()).isEqualTo("5");
            assertThat(me.path("environment").path("retention.saved.months").asText()).isEqualTo("keep");
        }

        Http.Response reset = second.http.delete("/api/v1/levels/1", second.adminKey);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json()).isEqualTo(configured);
        assertThat(level(first.http.get("/api/v1/levels", alice).json(), 1)).isEqualTo(configured);
    }

    @Test
    void aLevelWithoutItsOwnEntryGetsOne() {
        String body = LEVEL_1.replace("\"level\": 1", "\"level\": 7");
        assertThat(first.http.put("/api/v1/levels/7", first.adminKey, body).status()).isEqualTo(200);
        JsonNode levels = first.http.get("/api/v1/levels", first.adminKey).json();
        assertThat(levels).extracting(l -> l.path("level").asInt()).containsExactly(0, 1, 2, 7);
        // the level may be left out of the body
        assertThat(first.http.put("/api/v1/levels/8", first.adminKey, body.replace("\"level\": 7,", "")).status())
                .isEqualTo(200);
    }

    @Test
    void onlyAdminsWithTheAdminScopeSetLevels() {
        String alice = first.createUser("alice");
        assertProblem(first.http.put("/api/v1/levels/1", alice, LEVEL_1), 403, "forbidden");
        assertProblem(first.http.delete("/api/v1/levels/1", alice), 403, "forbidden");
        String plain = first.http.post("/api/v1/api-keys", first.adminKey, "{\"scopes\":[\"read\",\"account\"]}")
                .json().path("apiKey").asText();
        assertProblem(first.http.put("/api/v1/levels/1", plain, LEVEL_1), 403, "insufficient-scope");
        assertThat(level(first.http.get("/api/v1/levels", alice).json(), 1).path("defaultPackage").asText())
                .isEqualTo("small");
    }

    @Test
    void badLevelsAreRefused() {
        String admin = first.adminKey;
        assertThat(assertProblem(first.http.put("/api/v1/levels/2", admin, LEVEL_1), 400, "invalid-request")
                .path("detail").asText()).isEqualTo("the body is for level 1 but the path names level 2");
        assertProblem(first.http.put("/api/v1/levels/1", admin, LEVEL_1.replace("\"medium\"", "\"huge\"")), 404,
                "package-not-found");
        assertProblem(first.http.put("/api/v1/levels/1", admin, LEVEL_1.replace("\"maxCount\": 5", "\"maxCount\": -5")),
                400, "invalid-request");
        assertProblem(first.http.put("/api/v1/levels/1", admin, "{\"level\": 1}"), 400, "invalid-request");
        assertProblem(first.http.put("/api/v1/levels/100", admin, LEVEL_1), 400, "invalid-request");
        assertProblem(first.http.put("/api/v1/levels/x", admin, LEVEL_1), 400, "invalid-request");
        assertProblem(first.http.delete("/api/v1/levels/-1", admin), 400, "invalid-request");
    }

    private static JsonNode level(JsonNode levels, int level) {
        for (JsonNode node : levels) {
            if (node.path("level").asInt() == level) {
                return node;
            }
        }
        throw new AssertionError("no level " + level + " in " + levels);
    }
}

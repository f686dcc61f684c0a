package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.http.AccessRules.Access;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the OpenAPI document, tried as anonymous, a "give it a try" account (level 0), the owner of
 * the objects in the path (level 1), another level-1 account and an admin; each answer is checked against the
 * operation's {@code x-berth-access}. The objects a path names are made fresh for every try, owned by the
 * owner, so that a try that deletes or changes one does not decide the next try's answer.
 *
 * <p>Authorized callers may still be refused for their (empty) request body, so for them the test asserts only
 * "not refused for who they are": no 401, no 403, and for the owner's and admins' tries of an owned object no
 * 404. Callers without the right must get 401 (no credentials), 403, or 404 (someone else's object, whose
 * existence is not revealed). No try may answer 5xx. The web pages outside {@code /api/} are tried only where
 * they are public reads: their forms and signed-in pages use the session cookie and a CSRF token instead of
 * bearer credentials, and their tests try those.
 */
class AuthorizationMatrixTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Routes that end the caller's own account or session: each try gets a fresh caller of its kind. */
    private static final Set<String> SELF_ENDING = Set.of("DELETE /api/v1/user", "POST /api/v1/logout");

    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, Supplier<String>> fixtures = new LinkedHashMap<>();
    private int counter;

    enum Caller { ANONYMOUS, TRIAL, OTHER, OWNER, ADMIN }

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data);
        http = server.http;
        keys.put("ADMIN", server.adminKey);
        keys.put("OWNER", server.createUser("owner"));
        keys.put("OTHER", server.createUser("other"));
        Http.Response trial = http.post("/api/v1/accounts", server.adminKey, "{\"name\":\"trial\",\"level\":0}");
        assertThat(trial.status()).as(trial.body()).isEqualTo(201);
        keys.put("TRIAL", trial.json().path("apiKey").asText());

        created(http.post("/api/v1/plans", server.adminKey, Plans.fakePlan("matrix", "step")));
        created(http.post("/api/v1/pools", server.adminKey, "{\"name\":\"matrix\"}"));
        created(http.post("/api/v1/pools/matrix/capacity", server.adminKey,
                "{\"resources\":{\"milliCores\":64000,\"memoryMiB\":262144,\"diskGiB\":2000}}"));

        fixtures.put("/api/v1/plans/{name}", this::plan);
        fixtures.put("/api/v1/plans/{name}/configurations/{version}", () -> "1");
        fixtures.put("/api/v1/commands/{id}", this::ownersCommand);
        fixtures.put("/api/v1/deployments/{id}", this::ownersDeployment);
        fixtures.put("/api/v1/accounts/{name}", () -> "owner");
        fixtures.put("/api/v1/pools/{name}", () -> "matrix");
        fixtures.put("/api/v1/pools/{name}/capacity/{id}", this::capacity);
        fixtures.put("/api/v1/bookings/{id}", this::ownersBooking);
        fixtures.put("/api/v1/queue/{id}", this::ownersQueueEntry);
        fixtures.put("/api/v1/api-keys/{keyId}", this::ownersApiKey);
        fixtures.put("/api/v1/ssh-keys/{id}", this::ownersSshKey);
        fixtures.put("/api/v1/levels/{level}", () -> "5");
        fixtures.put("/api/v1/environments/{name}", this::environment);
        fixtures.put("/oauth/{provider}", () -> "none-configured");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteAnswersEachCallerAsItsAccessSays() {
        JsonNode document = http.get("/openapi.json", null).json();
        List<String> failures = new ArrayList<>();
        int tries = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                Access access = Access.of(operation.getValue().path("x-berth-access").asText());
                if (path.getKey().endsWith("/events")) {
                    continue; // tried below: a stream stays open while its command runs
                }
                if (!path.getKey().startsWith("/api/") && !method.equals("GET")) {
                    // the web pages' forms authenticate by session cookie and CSRF token, not by bearer
                    // credentials; io.berth.server.web.WebPagesTest tries them
                    continue;
                }
                if (!path.getKey().startsWith("/api/") && access != Access.PUBLIC) {
                    continue; // a signed-out browser is sent to the login page rather than answered 401
                }
                boolean selfEnding = SELF_ENDING.contains(method + " " + path.getKey());
                for (Caller caller : Caller.values()) {
                    String target = fill(method, path.getKey());
                    String key = selfEnding ? freshKey(caller) : keyOf(caller);
                    Http.Response response = send(method, target, key);
                    tries++;
                    String problem = check(access, caller, response.status(), path.getKey());
                    if (problem != null) {
                        failures.add(method + " " + target + " as " + caller + " (" + access.value() + "): "
                                + problem + ": " + response.status() + " " + abbreviate(response.body()));
                    }
                }
            }
        }
        assertThat(failures).as("routes answering against their x-berth-access").isEmpty();
        assertThat(tries).isGreaterThan(150);
    }

    @Test
    void commandEventsAreOnlyForTheOwnerAndAdmins() {
        String command = ownersCommand();
        String path = "/api/v1/commands/" + command + "/events";
        assertThat(http.get(path, null).status()).isEqualTo(401);
        assertThat(http.get(path, keys.get("OTHER")).status()).isIn(403, 404);
        assertThat(http.get(path, keys.get("TRIAL")).status()).isIn(403, 404);
        assertThat(http.get(path, keys.get("OWNER")).status()).isEqualTo(200);
        assertThat(http.get(path, keys.get("ADMIN")).status()).isEqualTo(200);
    }

    /** Why an answer breaks the rule, or null when it keeps it. */
    static String check(Access access, Caller caller, int status, String path) {
        if (status >= 500) {
            return "server error";
        }
        boolean refusedForWho = status == 401 || status == 403;
        switch (access) {
            case PUBLIC -> {
                return refusedForWho ? "a public route refused" : null;
            }
            case SITE -> {
                // only a registered site's secret opens these; no account key does
                return status == 401 || status == 403 ? null : "a site route let an account or nobody in";
            }
            default -> {
            }
        }
        if (caller == Caller.ANONYMOUS) {
            return status == 401 ? null : "anonymous was not asked to authenticate";
        }
        boolean mayCall = switch (access) {
            case ANY_ACCOUNT -> true;
            case REGISTERED -> caller != Caller.TRIAL;
            case OWNER_OR_ADMIN -> caller == Caller.OWNER || caller == Caller.ADMIN;
            case ADMIN -> caller == Caller.ADMIN;
            default -> throw new IllegalStateException(access.toString());
        };
        if (mayCall) {
            if (refusedForWho) {
                return "refused a caller who may";
            }
            if (access == Access.OWNER_OR_ADMIN && status == 404) {
                return "did not find the owner's object";
            }
            return null;
        }
        if (access == Access.OWNER_OR_ADMIN) {
            return status == 403 || status == 404 ? null : "let a stranger at the owner's object";
        }
        return status == 403 ? null : "let in a caller who may not";
    }

    private String keyOf(Caller caller) {
        return caller == Caller.ANONYMOUS ? null : keys.get(caller.name());
    }

    /** The key of a new account of the caller's kind (none for anonymous). */
    private String freshKey(Caller caller) {
        String body = switch (caller) {
            case ANONYMOUS -> null;
            case TRIAL -> "{\"name\":\"fresh-" + counter++ + "\",\"level\":0}";
            case OTHER, OWNER -> "{\"name\":\"fresh-" + counter++ + "\"}";
            case ADMIN -> "{\"name\":\"fresh-" + counter++ + "\",\"role\":\"ADMIN\"}";
        };
        if (body == null) {
            return null;
        }
        Http.Response made = http.post("/api/v1/accounts", server.adminKey, body);
        created(made);
        return made.json().path("apiKey").asText();
    }

    private Http.Response send(String method, String target, String key) {
        HttpRequest.Builder request = http.request(target, key);
        return switch (method) {
            case "GET" -> http.send(request.GET());
            case "DELETE" -> http.send(request.DELETE());
            default -> http.send(request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
        };
    }

    /** The path with each parameter replaced by a fresh object of the owner's (or a shared one). */
    private String fill(String method, String template) {
        if (method.equals("DELETE") && template.equals("/api/v1/accounts/{name}")) {
            // deleting an account is for admins only; the owner's account must outlive the try
            Http.Response made = http.post("/api/v1/accounts", server.adminKey,
                    "{\"name\":\"doomed-" + counter++ + "\"}");
            created(made);
            return "/api/v1/accounts/" + made.json().path("account").path("name").asText();
        }
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String upTo = template.substring(0, matcher.end());
            Supplier<String> fixture = fixtures.get(upTo);
            if (fixture == null) {
                throw new AssertionError("no fixture for the path parameter of " + upTo
                        + ": add one to AuthorizationMatrixTest so the route is tried with a real object");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(fixture.get()));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private String plan() {
        String name = "matrix-" + counter++;
        created(http.post("/api/v1/plans", server.adminKey, Plans.fakePlan(name, "step")));
        return name;
    }

    private String environment() {
        String name = "matrix-env-" + counter++;
        created(http.post("/api/v1/environments", server.adminKey,
                "{\"name\":\"" + name + "\",\"python\":{\"version\":\"3.11\",\"packages\":[\"numpy\"]},\"java\":{\"version\":\"17\",\"packages\":[]},\"systemPackages\":[],\"binaryPackages\":[]}"));
        return name;
    }

    private String ownersCommand() {
        Http.Response submitted = http.post("/api/v1/commands", keys.get("OWNER"), Plans.install("matrix"));
        created(submitted);
        String id = submitted.json().path("id").asText();
        http.awaitCommand(keys.get("OWNER"), id);
        return id;
    }

    private String ownersDeployment() {
        String command = ownersCommand();
        return http.get("/api/v1/commands/" + command, keys.get("OWNER")).json().path("deployment").asText();
    }

    private String capacity() {
        Http.Response added = http.post("/api/v1/pools/matrix/capacity", server.adminKey,
                "{\"resources\":{\"milliCores\":1000,\"memoryMiB\":1024,\"diskGiB\":1}}");
        created(added);
        return added.json().path("id").asText();
    }

    private String ownersBooking() {
        String owner = keys.get("OWNER");
        // a level-1 account holds at most two bookings at once: cancel what earlier tries left
        for (JsonNode booking : http.get("/api/v1/bookings", owner).json()) {
            if ("ACTIVE".equals(booking.path("status").asText())) {
                http.delete("/api/v1/bookings/" + booking.path("id").asText(), owner);
            }
        }
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(1 + (counter++ % 20));
        Http.Response booked = http.post("/api/v1/bookings", owner,
                "{\"package\":\"small\",\"pool\":\"matrix\",\"start\":\"" + start + "\",\"days\":1}");
        created(booked);
        return booked.json().path("id").asText();
    }

    private String ownersQueueEntry() {
        String owner = keys.get("OWNER");
        for (JsonNode entry : http.get("/api/v1/queue", owner).json()) {
            if (Set.of("WAITING", "OFFERED").contains(entry.path("status").asText())) {
                http.delete("/api/v1/queue/" + entry.path("id").asText(), owner);
            }
        }
        Http.Response queued = http.post("/api/v1/queue", owner, "{\"package\":\"large\",\"days\":1}");
        created(queued);
        return queued.json().path("id").asText();
    }

    private String ownersApiKey() {
        Http.Response made = http.post("/api/v1/api-keys", keys.get("OWNER"), "{\"name\":\"matrix\"}");
        created(made);
        return made.json().path("keyId").asText();
    }

    private String ownersSshKey() {
        Http.Response made = http.post("/api/v1/ssh-keys/generate", keys.get("OWNER"),
                "{\"name\":\"matrix-" + counter++ + "\"}");
        created(made);
        return made.json().path("key").path("id").asText();
    }

    private static void created(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 202);
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}

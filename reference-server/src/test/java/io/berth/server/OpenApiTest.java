package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.http.HttpApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes exactly the routes the server answers, and its references resolve. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    Path data;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Http.Response response = server.http.get("/openapi.json", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo("application/json");
        JsonNode document = response.json();
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        Set<String> registered = new TreeSet<>();
        for (HttpApi.Route route : server.server.routes()) {
            registered.add(route.method() + " " + route.path());
        }
        assertThat(registered).hasSize(82);
        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void everyOperationDescribesItsAnswersAndEveryReferenceResolves() {
        JsonNode document = server.http.get("/openapi.json", null).json();
        document.path("paths").forEach(path -> path.properties().forEach(entry -> {
            if (METHODS.contains(entry.getKey())) {
                assertThat(entry.getValue().path("operationId").asText()).isNotEmpty();
                assertThat(entry.getValue().path("responses").size()).isPositive();
                JsonNode access = entry.getValue().path("x-berth-access");
                if (!access.isMissingNode()) {
                    assertThat(access.asText()).isIn("public", "site", "any-account", "registered", "owner-or-admin",
                            "admin");
                    // only public operations go without credentials
                    assertThat(entry.getValue().path("security").isEmpty()).isEqualTo(access.asText().equals("public"));
                }
            }
        }));
        checkReferences(document, document);
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        assertThat(problem.path("required")).extracting(JsonNode::asText)
                .contains("type", "title", "status", "detail", "code", "instance");
    }

    private static void checkReferences(JsonNode root, JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String pointer = ref.asText();
                assertThat(pointer).startsWith("#/");
                assertThat(root.at(pointer.substring(1)).isMissingNode()).as("reference %s", pointer).isFalse();
            }
            node.forEach(child -> checkReferences(root, child));
        } else if (node.isArray()) {
            node.forEach(child -> checkReferences(root, child));
        }
    }
}

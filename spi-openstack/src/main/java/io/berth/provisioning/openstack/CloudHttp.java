package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * JSON over HTTP for the OpenStack APIs that openstack4j does not cover well enough: Keystone's
 * application-credential login, Magnum (openstack4j's cluster model has no labels, flavor or
 * {@code status_reason}) and Blazar (which openstack4j does not know). Thread safe.
 */
final class CloudHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** An answer: status, body (a missing or non-JSON body is an empty object) and headers. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** An HTTP status of 400 or more, with the cloud's own message when its body carried one. */
    static final class CallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        CallFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Sends one request and fails on a status of 400 or more, except 404 when {@code allowNotFound}.
     *
     * @param headers extra headers, e.g. {@code X-Auth-Token} and microversions; values are never logged
     * @throws CallFailed for an error status
     * @throws java.io.UncheckedIOException when the endpoint cannot be reached
     */
    Answer send(String method, String url, Map<String, String> headers, JsonNode body, boolean allowNotFound) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reach " + withoutQuery(url) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.UncheckedIOException("interrupted while calling " + withoutQuery(url),
                    new java.io.InterruptedIOException());
        }
        JsonNode parsed = parse(response.body());
        int status = response.statusCode();
        if (status >= 400 && !(status == 404 && allowNotFound)) {
            throw new CallFailed(status, method + " " + withoutQuery(url) + " answered " + status
                    + errorMessage(parsed).map(message -> ": " + message).orElse(""));
        }
        return new Answer(status, parsed, response);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * The message of an OpenStack error body. The services disagree on its shape:
     * {@code {"error": {"message": ...}}} (Keystone), {@code {"itemNotFound": {"message": ...}}} (Nova),
     * {@code {"errors": [{"detail": ...}]}} (Magnum) and {@code {"error_message": ...}} (Blazar).
     */
    static java.util.Optional<String> errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) {
            return java.util.Optional.empty();
        }
        JsonNode errors = body.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            String detail = first.path("detail").asText(first.path("title").asText(""));
            if (!detail.isBlank()) {
                return java.util.Optional.of(detail);
            }
        }
        if (body.path("error_message").isTextual()) {
            return java.util.Optional.of(body.get("error_message").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            JsonNode value = fields.next().getValue();
            if (value.isObject() && value.path("message").isTextual()) {
                return java.util.Optional.of(value.get("message").asText());
            }
        }
        return java.util.Optional.empty();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    static String trimSlash(String url) {
        requireNonNull(url, "url is null");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

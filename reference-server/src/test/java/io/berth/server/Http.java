package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** A small client of the server under test, on java.net.http. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "REMOVED");

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http(URI base) {
        this.base = base;
    }

    /** An answer with its body as text. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** The media type without parameters, lower case. */
        String mediaType() {
            String type = contentType();
            return type == null ? null : type.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        }

        /** The problem code of an error answer. */
        String code() {
            return json().path("code").asText(null);
        }
    }

    HttpRequest.Builder request(String path, String key, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    Response get(String path, String key, String... headers) {
        return send(request(path, key, headers).GET());
    }

    Response post(String path, String key, String json, String... headers) {
        return send(request(path, key, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String key, String json, String... headers) {
        return send(request(path, key, headers).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, String key, String json, String... headers) {
        return send(request(path, key, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path, String key, String... headers) {
        return send(request(path, key, headers).DELETE());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<java.io.InputStream> stream(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls a command until it is in a terminal state, for at most a minute. */
    JsonNode awaitCommand(String key, String commandId) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            JsonNode command = get("/api/v1/commands/" + commandId, key).json();
            if (TERMINAL.contains(command.path("state").asText())) {
                return command;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("command " + commandId + " did not end: " + command);
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

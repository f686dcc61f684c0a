package io.berth.provisioning.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.core.transport.ExecutionOptions;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpExecutorService;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The connector that carries openstack4j's requests over {@link java.net.http.HttpClient}.
 *
 * <p>openstack4j finds its HTTP implementation with {@link java.util.ServiceLoader}. Its own connectors
 * (Apache HttpClient 4, OkHttp 3, Jersey 2) each bring a further HTTP stack and versions that disagree with
 * the rest of the build; the JDK's client already does everything the provider needs (TLS, timeouts,
 * HTTP/1.1), so this one keeps the module's dependencies to openstack4j itself. Thread safe.
 */
public final class JdkHttpConnector implements HttpExecutorService {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Public for {@link java.util.ServiceLoader}. */
    public JdkHttpConnector() {
    }

    @Override
    public <R> HttpResponse execute(HttpRequest<R> request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.getUrl()))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        request.getHeaders().forEach((name, value) -> builder.header(name, String.valueOf(value)));
        String body = body(request);
        java.net.http.HttpRequest.BodyPublisher publisher = body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body);
        if (body != null) {
            builder.header("Content-Type", request.getContentType() == null ? "application/json" : request.getContentType());
        }
        builder.method(request.getMethod().name(), publisher);
        try {
            java.net.http.HttpResponse<byte[]> response = CLIENT.send(builder.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response);
        } catch (IOException e) {
            throw new ConnectionException("cannot reach " + request.getEndpoint() + ": " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while calling " + request.getEndpoint(), 0, e);
        }
    }

    private static String body(HttpRequest<?> request) {
        if (request.getEntity() != null) {
            try {
                return ObjectMapperSingleton.getContext(request.getEntity().getClass()).writer()
                        .writeValueAsString(request.getEntity());
            } catch (JsonProcessingException e) {
                throw new ConnectionException("cannot write the request body: " + e.getOriginalMessage(), 0, e);
            }
        }
        return request.hasJson() ? request.getJson() : null;
    }

    @Override
    public String getExecutorDisplayName() {
        return "JDK HttpClient";
    }

    /** A fully read response; closing it releases nothing because the body is already in memory. */
    private static final class Response implements HttpResponse {
        private final java.net.http.HttpResponse<byte[]> response;

        Response(java.net.http.HttpResponse<byte[]> response) {
            this.response = response;
        }

        @Override
        public <T> T getEntity(Class<T> returnType) {
            return getEntity(returnType, null);
        }

        @Override
        public <T> T getEntity(Class<T> returnType, ExecutionOptions<T> options) {
            return HttpEntityHandler.handle(this, returnType, options);
        }

        @Override
        public <T> T readEntity(Class<T> typeToReadAs) {
            byte[] body = response.body();
            if (body == null || body.length == 0) {
                return null;
            }
            try {
                return ObjectMapperSingleton.getContext(typeToReadAs).readerFor(typeToReadAs).readValue(body);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a " + typeToReadAs.getSimpleName() + " from "
                        + response.uri(), e);
            }
        }

        @Override
        public int getStatus() {
            return response.statusCode();
        }

        @Override
        public String getContentType() {
            return header("Content-Type");
        }

        @Override
        public String getStatusMessage() {
            return "HTTP " + response.statusCode();
        }

        @Override
        public InputStream getInputStream() {
            byte[] body = response.body();
            return new ByteArrayInputStream(body == null ? new byte[0] : body);
        }

        @Override
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                List<String> list = values == null ? List.of() : values;
                if (!list.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), list.get(0));
                }
            });
            return Collections.unmodifiableMap(headers);
        }

        @Override
        public void close() {
        }
    }
}

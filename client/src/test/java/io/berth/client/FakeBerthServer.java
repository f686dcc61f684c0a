package io.berth.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process stand-in for the Berth server that answers as docs/api.md describes: routes are
 * registered per test with canned documents, every request is recorded, a bearer key is required, and
 * unknown routes answer the API's 404 problem.
 */
public final class FakeBerthServer implements AutoCloseable {

    /** The key the fake accepts unless a test sets another. */
    public static final String KEY = "berth_abcdefghijkl_0123456789abcdefghijklmnopqrstuv_ABC123";

    /** A request as the fake received it. */
    public record Recorded(String method, String path, String query, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** Answers one request; may write a streaming body. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, Recorded request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String requiredKey = KEY;

    private FakeBerthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public static FakeBerthServer start() {
        try {
            return new FakeBerthServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address to give a client, e.g. {@code http://127.0.0.1:43121}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An address on which nothing listens: a port the system just handed out and took back. */
    public static URI unusedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** Which bearer key the fake accepts; {@code null} accepts any request. */
    public FakeBerthServer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    public FakeBerthServer on(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    /** Answers {@code method path} with a JSON document. */
    public FakeBerthServer json(String method, String path, int status, String body, String... headerPairs) {
        return on(method, path, (exchange, request) -> {
            for (int i = 0; i < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            send(exchange, status, "application/json; charset=utf-8", body);
        });
    }

    /** Answers {@code method path} with an RFC 9457 problem as the server sends it. */
    public FakeBerthServer problem(String method, String path, int status, String title, String code, String detail) {
        return on(method, path, (exchange, request) -> sendProblem(exchange, status, title, code, detail, path));
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded lastRequest() {
        return requests.get(requests.size() - 1);
    }

    public List<Recorded> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Recorded request = new Recorded(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders(), body);
            requests.add(request);
            String key = requiredKey;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (key != null && authorization == null) {
                sendProblem(exchange, 401, "Unauthorized", "authentication-required", "an API key is required",
                        uri.getPath());
                return;
            }
            if (key != null && !authorization.equals("Bearer " + key)) {
                sendProblem(exchange, 401, "Unauthorized", "invalid-credentials", "the API key is not valid",
                        uri.getPath());
                return;
            }
            Handler handler = routes.get(exchange.getRequestMethod() + " " + uri.getPath());
            if (handler == null) {
                sendProblem(exchange, 404, "Not Found", "route-not-found", "no route " + uri.getPath(), uri.getPath());
                return;
            }
            handler.handle(exchange, request);
        }
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public static void sendProblem(HttpExchange exchange, int status, String title, String code, String detail,
                                   String instance) throws IOException {
        send(exchange, status, "application/problem+json",
                "{\"type\":\"urn:berth:problem:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\",\"code\":\"" + code
                        + "\",\"instance\":\"" + instance + "\"}");
    }

    /** Starts a {@code text/event-stream} answer; the caller writes events with {@link #writeEvent}. */
    public static OutputStream startEventStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes one event in the format of docs/api.md and flushes it. */
    public static void writeEvent(OutputStream out, long id, String name, String data) throws IOException {
        out.write(("id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

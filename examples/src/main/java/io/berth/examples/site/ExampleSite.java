package io.berth.examples.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * The landing page of a notebook site (where Jupyter or Zeppelin would sit): Berth sends a signed-in browser here
 * with {@code ?token=...}; the site redeems the single-use token server to server with
 * {@code POST {berth}/api/v1/login-tokens/redeem} (authenticated with the site's secret) and greets the person
 * with their level, resource package and the environment variables their notebooks would carry. A second redeem of
 * the same token is refused, and the page says so.
 *
 * <p>Only the JDK: {@code com.sun.net.httpserver} and {@code java.net.http}. Run it with {@code ./berth example-site}.
 *
 * <table>
 *   <caption>Variables of {@link #main}</caption>
 *   <tr><td>{@code BERTH_URL}</td><td>{@code http://localhost:8080}: the Berth server</td></tr>
 *   <tr><td>{@code BERTH_SITE_SECRET_FILE}</td><td>{@code data/sites/example.secret}: the site's secret, as the
 *       server wrote it</td></tr>
 *   <tr><td>{@code BERTH_SITE_SECRET}</td><td>the secret itself, instead of the file</td></tr>
 *   <tr><td>{@code BERTH_EXAMPLE_SITE_PORT}</td><td>8888</td></tr>
 * </table>
 */
public final class ExampleSite implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI berth;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ExampleSite(HttpServer server, ExecutorService executor, URI berth, String secret) {
        this.server = server;
        this.executor = executor;
        this.berth = berth;
        this.secret = secret;
    }

    /**
     * Starts the site.
     *
     * @param port   0 for any free port
     * @param berth  the Berth server's base address
     * @param secret the site's secret ({@code Authorization: Bearer} of the redemption)
     */
    public static ExampleSite start(int port, URI berth, String secret) {
        requireNonNull(berth, "berth is null");
        requireNonNull(secret, "secret is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            ExampleSite site = new ExampleSite(server, executor, berth, secret.strip());
            server.createContext("/", site::handle);
            server.setExecutor(executor);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    /** The site's own address, {@code http://localhost:<port>/}. */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 405, page("Not allowed", "<p>Only GET is answered here.</p>"));
                return;
            }
            String token = query(exchange.getRequestURI().getRawQuery()).get("token");
            if (token == null || token.isBlank()) {
                answer(exchange, 200, page("Example notebook site",
                        "<p>Come here from Berth: <em>Give it a try</em> or log in there.</p>"));
                return;
            }
            answer(exchange, 200, redeem(token));
        }
    }

    private String redeem(String token) {
        HttpRequest request = HttpRequest.newBuilder(berth.resolve("/api/v1/login-tokens/redeem"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":" + MiniJson.quote(token) + "}"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return page("Berth does not answer", "<p class=\"refused\">Berth at " + escape(berth.toString())
                    + " does not answer: " + escape(e.getMessage()) + "</p>");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return page("Interrupted", "<p>Interrupted.</p>");
        }
        Map<?, ?> body;
        try {
            body = MiniJson.parse(response.body()) instanceof Map<?, ?> map ? map : Map.of();
        } catch (IllegalArgumentException e) {
            body = Map.of();
        }
        if (response.statusCode() != 200) {
            return page("Not signed in", "<p class=\"refused\" id=\"refused\">Berth refused the login token ("
                    + escape(String.valueOf(body.get("code"))) + "): " + escape(String.valueOf(body.get("detail")))
                    + "</p><p>A login token works once and only for a short time: go back to Berth and sign in "
                    + "again.</p>");
        }
        Map<?, ?> account = body.get("account") instanceof Map<?, ?> map ? map : Map.of();
        Object pkg = body.get("package");
        String packageName = pkg instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : String.valueOf(pkg);
        String name = account.get("displayName") != null ? String.valueOf(account.get("displayName"))
                : String.valueOf(account.get("name"));
        StringBuilder html = new StringBuilder();
        html.append("<p id=\"welcome\">Welcome ").append(escape(name)).append(", level ")
                .append(escape(String.valueOf(account.get("level")))).append(", package ")
                .append(escape(packageName)).append("</p>\n");
        if (Boolean.TRUE.equals(account.get("transient"))) {
            html.append("<p>This is a trial account: its notebooks and data are deleted when you log out.</p>\n");
        }
        html.append("<h2>Your notebooks' environment</h2>\n<table id=\"environment\">\n");
        Map<String, String> environment = new TreeMap<>();
        if (body.get("environment") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
        }
        environment.forEach((k, v) -> html.append("<tr><td>").append(escape(k)).append("</td><td>")
                .append(escape(v)).append("</td></tr>\n"));
        html.append("</table>\n");
        return page("Your notebooks", html.toString());
    }

    private static void answer(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new TreeMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** Runs the site until the process is stopped; see the class comment for its variables. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> env = System.getenv();
        URI berth = URI.create(env.getOrDefault("BERTH_URL", "http://localhost:8080"));
        String secret = env.get("BERTH_SITE_SECRET");
        if (secret == null || secret.isBlank()) {
            Path file = Path.of(env.getOrDefault("BERTH_SITE_SECRET_FILE", "data/sites/example.secret"));
            if (!Files.isReadable(file)) {
                System.err.println("example-site: cannot read the site secret " + file.toAbsolutePath()
                        + "; start the server with BERTH_SITES=example BERTH_SITE_EXAMPLE_URL=http://localhost:8888/"
                        + " first, or set BERTH_SITE_SECRET_FILE");
                System.exit(2);
            }
            secret = Files.readString(file, StandardCharsets.UTF_8);
        }
        int port = Integer.parseInt(env.getOrDefault("BERTH_EXAMPLE_SITE_PORT", "8888"));
        ExampleSite site = start(port, berth, secret);
        System.out.println("example-site: serving on " + site.uri() + " (redeeming tokens at " + berth + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(site::close, "example-site-shutdown"));
        Thread.currentThread().join();
    }
}

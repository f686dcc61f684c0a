package io.berth.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cookie-keeping client of the web pages that follows no redirects, as a test's browser. */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    final Map<String, String> cookies = new LinkedHashMap<>();

    WebClient(URI base) {
        this.base = base;
    }

    record Response(int status, HttpHeaders headers, String body) {
        String location() {
            return headers.firstValue("Location").orElse(null);
        }

        List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }

        /** The Set-Cookie header of that cookie, or null. */
        String setCookie(String name) {
            return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String csrf() {
            Matcher matcher = CSRF.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("no CSRF field in the page: " + body);
            }
            return matcher.group(1);
        }
    }

    Response get(String pathOrUri, String... headers) {
        return send(HttpRequest.newBuilder(resolve(pathOrUri)).GET(), headers);
    }

    /** Posts a form with the CSRF token of {@code page}. */
    Response post(String path, Response page, String... fieldsAndValues) {
        String[] all = new String[fieldsAndValues.length + 2];
        all[0] = "csrf";
        all[1] = page.csrf();
        System.arraycopy(fieldsAndValues, 0, all, 2, fieldsAndValues.length);
        return postRaw(path, all);
    }

    /** Posts a form as given, without adding a CSRF token. */
    Response postRaw(String path, String... fieldsAndValues) {
        return postWithHeaders(path, new String[0], fieldsAndValues);
    }

    Response postWithHeaders(String path, String[] headers, String... fieldsAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(fieldsAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fieldsAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())), headers);
    }

    private URI resolve(String pathOrUri) {
        return pathOrUri.startsWith("http") ? URI.create(pathOrUri) : base.resolve(pathOrUri);
    }

    private Response send(HttpRequest.Builder builder, String... headers) {
        builder.timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        URI target = builder.build().uri();
        if (!cookies.isEmpty() && target.getPort() == base.getPort()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (target.getPort() == base.getPort()) {
                for (String header : response.headers().allValues("Set-Cookie")) {
                    String pair = header.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq);
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty() || header.contains("Max-Age=0")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            }
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

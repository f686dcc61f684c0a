package io.berth.server.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GitHub sign-in (plain OAuth 2) against a small in-process stand-in of GitHub's authorize, token and user
 * endpoints that checks the client's credentials and the PKCE verifier as GitHub does.
 */
class GithubOAuthTest {
    private static final URI CALLBACK = URI.create("http://localhost:8080/oauth/github/callback");

    private final Map<String, String> challenges = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private HttpServer github;
    private String primaryEmailVerified = "true";
    private OAuthClient client;

    @BeforeEach
    void start() throws IOException {
        github = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        github.createContext("/login/oauth/authorize", this::authorize);
        github.createContext("/login/oauth/access_token", this::token);
        github.createContext("/api/user", this::user);
        github.start();
        URI base = URI.create("http://localhost:" + github.getAddress().getPort());
        client = new OAuthClient(WebSettings.defaults().withProvider(OAuthProviderSettings.github("gh-id", "gh-secret")
                .withGithubEndpoints(base.resolve("/login/oauth/authorize"), base.resolve("/login/oauth/access_token"),
                        base.resolve("/api"))), WebKey.of(new byte[32]), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        github.stop(0);
    }

    @Test
    void theUserAndItsVerifiedPrimaryAddressAreRead() throws Exception {
        OAuthClient.Started started = client.start("github", CALLBACK, OAuthClient.Purpose.LOGIN);
        assertThat(OAuthClientTest.query(started.authorize())).containsEntry("scope", "read:user user:email")
                .containsEntry("code_challenge_method", "S256").doesNotContainKey("nonce");

        OAuthClient.ProviderIdentity identity = client.finish("github", started.flowCookie(),
                authorizeAtGithub(started.authorize()), CALLBACK);

        assertThat(identity).isEqualTo(new OAuthClient.ProviderIdentity("github", "583231", "octo@example.org", true,
                "Octo Cat", OAuthClient.Purpose.LOGIN));
    }

    @Test
    void anUnverifiedPrimaryAddressIsNotTaken() throws Exception {
        primaryEmailVerified = "false";
        OAuthClient.Started started = client.start("github", CALLBACK, OAuthClient.Purpose.LINK);

        OAuthClient.ProviderIdentity identity = client.finish("github", started.flowCookie(),
                authorizeAtGithub(started.authorize()), CALLBACK);

        assertThat(identity.email()).isNull();
        assertThat(identity.emailVerified()).isFalse();
        assertThat(identity.purpose()).isEqualTo(OAuthClient.Purpose.LINK);
    }

    @Test
    void aCodeExchangedWithTheWrongVerifierIsRefused() throws Exception {
        OAuthClient.Started started = client.start("github", CALLBACK, OAuthClient.Purpose.LOGIN);
        OAuthClient.Started other = client.start("github", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtGithub(started.authorize());
        callback.put("state", OAuthClientTest.query(other.authorize()).get("state"));

        assertThatThrownBy(() -> client.finish("github", other.flowCookie(), callback, CALLBACK))
                .isInstanceOfSatisfying(BerthException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.OAUTH_REFUSED);
                    assertThat(e.getMessage()).contains("bad_verification_code");
                });
    }

    private Map<String, String> authorizeAtGithub(URI authorize) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(authorize).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return new HashMap<>(OAuthClientTest.query(URI.create(answer.headers().firstValue("Location").orElseThrow())));
    }

    // ---- the stand-in

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = OAuthClientTest.query(exchange.getRequestURI());
        String code = "code-" + challenges.size();
        challenges.put(code, query.get("code_challenge"));
        exchange.getResponseHeaders().set("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString("gh-id:gh-secret".getBytes(StandardCharsets.UTF_8));
        String challenge = challenges.remove(form.get("code"));
        boolean ok = basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) && challenge != null
                && challenge.equals(s256(form.get("code_verifier")))
                && "authorization_code".equals(form.get("grant_type"));
        answer(exchange, ok ? 200 : 400, ok
                ? "{\"access_token\":\"gho_test\",\"token_type\":\"bearer\",\"scope\":\"read:user,user:email\"}"
                : "{\"error\":\"bad_verification_code\"}");
    }

    private void user(HttpExchange exchange) throws IOException {
        if (!"Bearer gho_test".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"message\":\"Bad credentials\"}");
            return;
        }
        if (exchange.getRequestURI().getPath().equals("/api/user/emails")) {
            answer(exchange, 200, "[{\"email\":\"old@example.org\",\"primary\":false,\"verified\":true},"
                    + "{\"email\":\"octo@example.org\",\"primary\":true,\"verified\":" + primaryEmailVerified + "}]");
        } else {
            answer(exchange, 200, "{\"id\":583231,\"login\":\"octocat\",\"name\":\"Octo Cat\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

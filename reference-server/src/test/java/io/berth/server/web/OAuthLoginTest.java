package io.berth.server.web;

import io.berth.server.web.WebClient.Response;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in through the web pages with OpenID Connect providers (in-process mock-oauth2-server): an unknown
 * identity creates a level-1 account, the same identity selects it again, a signed-in account links a second
 * provider, and a tampered or foreign callback is refused with a clear page and no session.
 */
class OAuthLoginTest {
    private static final Pattern ACCOUNT = Pattern.compile("<dt>Account</dt><dd>([^<]+)</dd>");
    private static final Pattern LEVEL = Pattern.compile("<dt>Level</dt><dd>([^<]+)</dd>");

    @TempDir
    Path data;
    private final MockOAuth2Server provider = new MockOAuth2Server();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private WebTestServer server;

    @BeforeEach
    void start() {
        provider.start();
        WebSettings web = WebSettings.defaults()
                .withProvider(OAuthProviderSettings.oidc("uni", "University", provider.issuerUrl("uni").uri(),
                        "berth-web", "uni-secret"))
                .withProvider(OAuthProviderSettings.oidc("lab", "Lab", provider.issuerUrl("lab").uri(),
                        "berth-web", "lab-secret"));
        server = WebTestServer.start(data, web);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        provider.shutdown();
    }

    @Test
    void anUnknownIdentityCreatesALevelOneAccountAndTheSameIdentitySelectsItAgain() throws Exception {
        WebClient first = new WebClient(server.base);
        Response landed = signIn(first, "uni", "alice-sub", "alice@uni.example");
        assertThat(landed.status()).isEqualTo(303);
        assertThat(landed.location()).startsWith(server.base + "/welcome?token=");
        assertThat(landed.setCookie(WebPages.SESSION_COOKIE)).contains("; HttpOnly", "; SameSite=Lax");
        assertThat(landed.setCookie(WebPages.OAUTH_COOKIE)).contains("Max-Age=0");
        Response profile = first.get("/profile");
        assertThat(profile.status()).isEqualTo(200);
        assertThat(group(LEVEL, profile.body())).isEqualTo("1");
        assertThat(profile.body()).contains("<td>uni</td>", "alice@uni.example");
        String account = group(ACCOUNT, profile.body());

        WebClient second = new WebClient(server.base);
        assertThat(signIn(second, "uni", "alice-sub", "alice@uni.example").status()).isEqualTo(303);
        assertThat(group(ACCOUNT, second.get("/profile").body())).isEqualTo(account);

        WebClient someoneElse = new WebClient(server.base);
        signIn(someoneElse, "uni", "bob-sub", "bob@uni.example");
        assertThat(group(ACCOUNT, someoneElse.get("/profile").body())).isNotEqualTo(account);
    }

    @Test
    void aSignedInAccountLinksASecondProvider() throws Exception {
        WebClient browser = new WebClient(server.base);
        signIn(browser, "uni", "carol-sub", "carol@uni.example");
        Response profile = browser.get("/profile");
        String account = group(ACCOUNT, profile.body());
        assertThat(profile.body()).contains("button-link-lab").doesNotContain("button-link-university");

        provider.enqueueCallback(new DefaultOAuth2TokenCallback("lab", "carol-at-lab", "JWT", null,
                Map.of("email", "carol@lab.example", "email_verified", true)));
        Response start = browser.post("/oauth/lab/start", profile);
        assertThat(start.status()).isEqualTo(303);
        Response linked = browser.get(WebTestServer.local(authorize(start.location()).toString()));
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.body()).contains("Linked Lab.", "<td>lab</td>", "<td>uni</td>");

        WebClient viaLab = new WebClient(server.base);
        signIn(viaLab, "lab", "carol-at-lab", "carol@lab.example");
        assertThat(group(ACCOUNT, viaLab.get("/profile").body())).isEqualTo(account);
    }

    @Test
    void linkingNeedsASessionAndTheFormsToken() {
        WebClient browser = new WebClient(server.base);
        Response noToken = browser.postRaw("/oauth/lab/start");
        assertThat(noToken.status()).isEqualTo(403);
        Response noSession = browser.post("/oauth/lab/start", browser.get("/login"));
        assertThat(noSession.status()).isEqualTo(303);
        assertThat(noSession.location()).startsWith("/login");
    }

    @Test
    void aTamperedOrForeignCallbackIsRefusedWithAClearPage() throws Exception {
        WebClient browser = new WebClient(server.base);
        Response start = browser.get("/oauth/uni/start");
        URI callback = authorize(start.location());
        String tampered = WebTestServer.local(callback.toString()).replaceFirst("state=[^&]+", "state=forged");

        Response refused = browser.get(tampered);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body()).contains("does not belong to this sign-in");
        assertThat(refused.setCookie(WebPages.SESSION_COOKIE)).isNull();

        // the flow cookie is spent: even the genuine callback is refused now, as it is in another browser
        Response replayed = browser.get(WebTestServer.local(callback.toString()));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).contains("not started in this browser");
        Response elsewhere = new WebClient(server.base).get(WebTestServer.local(callback.toString()));
        assertThat(elsewhere.status()).isEqualTo(401);

        Response badCode = new WebClient(server.base).get("/oauth/nope/start");
        assertThat(badCode.status()).isEqualTo(404);
        assertThat(badCode.body()).contains("no sign-in provider named");
    }

    @Test
    void theLoginPageOffersTheProviders() {
        Response login = new WebClient(server.base).get("/login");
        assertThat(login.body()).contains("href=\"/oauth/uni/start\"", "Log in with University",
                "href=\"/oauth/lab/start\"");
        assertThat(login.header("Content-Security-Policy")).contains(origin(provider.issuerUrl("uni").uri()));
    }

    private Response signIn(WebClient browser, String providerName, String subject, String email) throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(providerName, subject, "JWT", null,
                Map.of("email", email, "email_verified", true, "name", subject)));
        Response start = browser.get("/oauth/" + providerName + "/start");
        assertThat(start.status()).isEqualTo(303);
        assertThat(start.setCookie(WebPages.OAUTH_COOKIE)).contains("; Path=/oauth", "; HttpOnly", "; SameSite=Lax");
        return browser.get(WebTestServer.local(authorize(start.location()).toString()));
    }

    /** The provider's redirect back to the callback, for an authorization request (no login page). */
    private URI authorize(String location) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(location))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(300, 399);
        URI callback = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(server.base + "/oauth/");
        return callback;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static String group(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }
}

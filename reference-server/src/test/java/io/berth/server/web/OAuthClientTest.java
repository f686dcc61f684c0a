package io.berth.server.web;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OAuth / OpenID Connect client against an in-process OpenID provider (mock-oauth2-server): a good flow
 * yields the identity; a wrong state, a wrong nonce, a token for another audience, a bad or reused code, a missing
 * or expired flow cookie are refused.
 */
class OAuthClientTest {
    private static final URI CALLBACK = URI.create("http://localhost:8080/oauth/uni/callback");
    private static final String CLIENT_ID = "berth-web";

    private final MockOAuth2Server provider = new MockOAuth2Server();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final WebKey key = WebKey.of(new byte[32]);
    private OAuthClient client;

    @BeforeEach
    void start() {
        provider.start();
        client = client(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    private OAuthClient client(Clock clock) {
        URI issuer = provider.issuerUrl("uni").uri();
        return new OAuthClient(WebSettings.defaults().withProvider(
                OAuthProviderSettings.oidc("uni", "University", issuer, CLIENT_ID, "client-secret")), key, clock);
    }

    @Test
    void aGoodFlowYieldsTheVerifiedIdentity() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("uni", "alice-42", "JWT", null,
                Map.of("email", "alice@uni.example", "email_verified", true, "name", "Alice")));
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> authorize = query(started.authorize());
        assertThat(authorize).containsEntry("code_challenge_method", "S256").containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", CALLBACK.toString()).containsKeys("state", "nonce", "code_challenge");
        assertThat(started.authorize().toString()).doesNotContain("code_verifier");

        OAuthClient.ProviderIdentity identity = client.finish("uni", started.flowCookie(),
                authorizeAtProvider(started.authorize()), CALLBACK);

        assertThat(identity).isEqualTo(new OAuthClient.ProviderIdentity("uni", "alice-42", "alice@uni.example", true,
                "Alice", OAuthClient.Purpose.LOGIN));
    }

    @Test
    void aWrongStateIsRefused() throws Exception {
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtProvider(started.authorize());
        callback.put("state", callback.get("state") + "x");

        assertRefused(() -> client.finish("uni", started.flowCookie(), callback, CALLBACK), "(state)");
    }

    @Test
    void aCallbackOfAFlowStartedElsewhereIsRefused() throws Exception {
        OAuthClient.Started mine = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        OAuthClient.Started theirs = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> theirCallback = authorizeAtProvider(theirs.authorize());

        assertRefused(() -> client.finish("uni", mine.flowCookie(), theirCallback, CALLBACK), "(state)");
        assertRefused(() -> client.finish("uni", null, theirCallback, CALLBACK), "not started in this browser");
        String forged = theirs.flowCookie().substring(0, theirs.flowCookie().indexOf('.')) + ".AAAA";
        assertRefused(() -> client.finish("uni", forged, theirCallback, CALLBACK), "not started in this browser");
    }

    @Test
    void anExpiredFlowIsRefused() throws Exception {
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtProvider(started.authorize());
        OAuthClient later = client(Clock.fixed(Instant.now().plus(OAuthClient.FLOW_LIFETIME).plusSeconds(1),
                ZoneOffset.UTC));

        assertRefused(() -> later.finish("uni", started.flowCookie(), callback, CALLBACK), "took longer than");
    }

    @Test
    void aWrongNonceIsRefused() throws Exception {
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        // the provider is asked with another nonce than the one this flow keeps
        URI tampered = URI.create(started.authorize().toString()
                .replaceFirst("nonce=[^&]+", "nonce=someone-elses-nonce"));
        Map<String, String> callback = authorizeAtProvider(tampered);

        assertRefused(() -> client.finish("uni", started.flowCookie(), callback, CALLBACK), "ID token");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        // signed by the provider's own key, with the right nonce, but issued to another client
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("uni", "alice-42", "JWT", null,
                Map.of("aud", "another-client")));
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtProvider(started.authorize());

        assertRefused(() -> client.finish("uni", started.flowCookie(), callback, CALLBACK), "ID token");
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        // the provider's tokens live an hour; this server's clock is two hours ahead when the flow finishes
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        OAuthClient lateClient = client(later);
        OAuthClient.Started started = lateClient.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtProvider(started.authorize());

        assertRefused(() -> lateClient.finish("uni", started.flowCookie(), callback, CALLBACK), "has expired");
    }

    @Test
    void aWrongPkceVerifierOrAnInvalidCodeIsRefused() throws Exception {
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        OAuthClient.Started other = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> callback = authorizeAtProvider(started.authorize());
        Map<String, String> withOtherState = new HashMap<>(callback);
        withOtherState.put("state", query(other.authorize()).get("state"));

        // the other flow's verifier does not match the code's challenge
        assertRefused(() -> client.finish("uni", other.flowCookie(), withOtherState, CALLBACK), "refused the sign-in code");

        Map<String, String> bogus = new HashMap<>(callback);
        bogus.put("code", "not-a-code");
        assertRefused(() -> client.finish("uni", started.flowCookie(), bogus, CALLBACK), "refused the sign-in code");
    }

    @Test
    void aProviderErrorAndAnUnknownProviderAreClear() {
        OAuthClient.Started started = client.start("uni", CALLBACK, OAuthClient.Purpose.LOGIN);
        Map<String, String> denied = new HashMap<>(Map.of("error", "access_denied",
                "state", query(started.authorize()).get("state")));
        assertRefused(() -> client.finish("uni", started.flowCookie(), denied, CALLBACK), "access_denied");

        assertThatThrownBy(() -> client.start("nope", CALLBACK, OAuthClient.Purpose.LOGIN))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OAUTH_PROVIDER_NOT_FOUND));
    }

    @Test
    void anUnreachableIssuerIsReportedAsUnavailable() {
        OAuthClient unreachable = new OAuthClient(WebSettings.defaults().withProvider(OAuthProviderSettings.oidc(
                "gone", "Gone", URI.create("http://localhost:" + WebTestServer.freePort() + "/gone"), CLIENT_ID, "s")),
                key, Clock.systemUTC());

        assertThatThrownBy(() -> unreachable.start("gone", CALLBACK, OAuthClient.Purpose.LOGIN))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OAUTH_PROVIDER_UNAVAILABLE));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BerthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.OAUTH_REFUSED);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** Follows the authorization request at the provider (no login page) and returns the callback's parameters. */
    private Map<String, String> authorizeAtProvider(URI authorize) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(authorize).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(300, 399);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(CALLBACK.getPath());
        return new HashMap<>(query(location));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}

package io.berth.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The OAuth 2 / OpenID Connect client of the web pages, on Nimbus oauth2-oidc-sdk: the authorization code
 * flow with PKCE (S256), a state and (for OpenID Connect) a nonce. What the callback needs to check is kept
 * in a signed, short-lived flow cookie, so that any server sharing the {@link WebKey} can finish a flow
 * another one started. The ID token's signature (via the issuer's JWKS), issuer, audience, expiry and nonce
 * are checked by Nimbus's {@link IDTokenValidator}. GitHub, which is plain OAuth 2, is asked for the user
 * and its verified primary email with the access token.
 *
 * <p>Tokens, codes and secrets are never logged. Thread-safe.
 */
public final class OAuthClient {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthClient.class);
    /** How long a started sign-in may take before its callback is refused. */
    public static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final String FLOW_PURPOSE = "oauth-flow";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final WebSettings settings;
    private final WebKey key;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();

    /** Why a flow was started: to sign in, or to link the provider to the signed-in account. */
    public enum Purpose {
        LOGIN,
        LINK
    }

    /** A started flow: where to send the browser and the flow cookie's value. */
    public record Started(URI authorize, String flowCookie) {
        /** The cookie is left out. */
        @Override
        public String toString() {
            return "Started[authorize=" + authorize.getHost() + "]";
        }
    }

    /** A signed-in provider identity. */
    public record ProviderIdentity(String provider, String subject, String email, boolean emailVerified,
            String name, Purpose purpose) {
        public ProviderIdentity {
            requireNonNull(provider, "provider is null");
            requireNonNull(subject, "subject is null");
            requireNonNull(purpose, "purpose is null");
        }
    }

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    private record Flow(String provider, Purpose purpose, String state, String nonce, String verifier,
            Instant expires) {
    }

    public OAuthClient(WebSettings settings, WebKey key, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The configured providers. */
    public List<OAuthProviderSettings> providers() {
        return settings.providers();
    }

    /**
     * Starts a flow.
     *
     * @param callback the redirect URI registered with the provider: {@code {public URL}/oauth/{name}/callback}
     * @throws BerthException OAUTH_PROVIDER_NOT_FOUND for an unknown provider, OAUTH_PROVIDER_UNAVAILABLE when
     *                        discovery fails
     */
    public Started start(String providerName, URI callback, Purpose purpose) {
        OAuthProviderSettings provider = provider(providerName);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        ClientID clientId = new ClientID(provider.clientId());
        URI authorize;
        if (provider.kind() == OAuthProviderSettings.Kind.OIDC) {
            OIDCProviderMetadata metadata = discover(provider).metadata();
            authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                    clientId, callback)
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .state(state)
                    .nonce(nonce)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .build().toURI();
        } else {
            authorize = new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
                    .endpointURI(provider.authorizeEndpoint().orElseThrow())
                    .redirectionURI(callback)
                    .scope(new Scope("read:user", "user:email"))
                    .state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .build().toURI();
        }
        Flow flow = new Flow(provider.name(), purpose, state.getValue(), nonce.getValue(), verifier.getValue(),
                clock.instant().plus(FLOW_LIFETIME));
        return new Started(authorize, encode(flow));
    }

    /**
     * Finishes a flow at the callback: checks the flow cookie and the state, exchanges the code (with the PKCE
     * verifier) and verifies the ID token or reads GitHub's user.
     *
     * @param flowCookie the flow cookie's value, or null when the browser sent none
     * @param params     the callback's query parameters ({@code code}, {@code state}, {@code error})
     * @throws BerthException OAUTH_REFUSED for anything wrong with the flow, the code or the token;
     *                        OAUTH_PROVIDER_UNAVAILABLE when the provider cannot be reached
     */
    public ProviderIdentity finish(String providerName, String flowCookie, Map<String, String> params, URI callback) {
        OAuthProviderSettings provider = provider(providerName);
        Flow flow = decode(flowCookie);
        if (flow == null || !flow.provider().equals(provider.name())) {
            throw refused("this sign-in was not started in this browser, or it took longer than "
                    + FLOW_LIFETIME.toMinutes() + " minutes: please start again");
        }
        String error = params.get("error");
        if (error != null) {
            throw refused(provider.label() + " did not sign you in (" + shorten(error) + ")");
        }
        String state = params.get("state");
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                flow.state().getBytes(StandardCharsets.UTF_8))) {
            throw refused("the answer from " + provider.label() + " does not belong to this sign-in (state)");
        }
        String code = params.get("code");
        if (code == null || code.isBlank()) {
            throw refused(provider.label() + " sent no authorization code");
        }
        TokenRequest request = new TokenRequest.Builder(tokenEndpoint(provider),
                new ClientSecretBasic(new ClientID(provider.clientId()), new Secret(provider.clientSecret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), callback, new CodeVerifier(flow.verifier())))
                .build();
        HTTPRequest httpRequest = request.toHTTPRequest();
        httpRequest.setConnectTimeout(TIMEOUT_MILLIS);
        httpRequest.setReadTimeout(TIMEOUT_MILLIS);
        httpRequest.setAccept("application/json");
        HTTPResponse response;
        try {
            response = httpRequest.send();
        } catch (IOException e) {
            throw unavailable(provider, "its token endpoint does not answer", e);
        }
        return provider.kind() == OAuthProviderSettings.Kind.OIDC
                ? oidcIdentity(provider, flow, response)
                : githubIdentity(provider, flow, response);
    }

    private ProviderIdentity oidcIdentity(OAuthProviderSettings provider, Flow flow, HTTPResponse response) {
        TokenResponse tokens;
        try {
            tokens = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw refused(provider.label() + " answered the code exchange with something that is not a token");
        }
        if (!tokens.indicatesSuccess()) {
            throw refused(codeRefusal(provider, tokens.toErrorResponse().getErrorObject()));
        }
        JWT idToken = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw refused(provider.label() + " sent no ID token");
        }
        IDTokenClaimsSet claims;
        try {
            claims = discover(provider).validator().validate(idToken, new Nonce(flow.nonce()));
        } catch (BadJOSEException | JOSEException e) {
            // the reason (wrong audience, nonce, signature, expiry) helps operators; it holds no secret
            LOG.info("OAuth provider {}: ID token refused: {}", provider.name(), e.getMessage());
            throw refused("the ID token from " + provider.label() + " is not valid for this server");
        }
        // Nimbus checks the expiry against the system clock; the server's clock decides as well
        if (!claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isAfter(clock.instant())) {
            LOG.info("OAuth provider {}: ID token refused: expired at {}", provider.name(),
                    claims.getExpirationTime().toInstant());
            throw refused("the ID token from " + provider.label() + " has expired");
        }
        String email = claims.getStringClaim("email");
        Boolean verified = claims.getBooleanClaim("email_verified");
        return new ProviderIdentity(provider.name(), claims.getSubject().getValue(), email,
                Boolean.TRUE.equals(verified), claims.getStringClaim("name"), flow.purpose());
    }

    private ProviderIdentity githubIdentity(OAuthProviderSettings provider, Flow flow, HTTPResponse response) {
        TokenResponse tokens;
        try {
            tokens = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw refused(provider.label() + " answered the code exchange with something that is not a token");
        }
        if (!tokens.indicatesSuccess()) {
            throw refused(codeRefusal(provider, tokens.toErrorResponse().getErrorObject()));
        }
        AccessToken token = tokens.toSuccessResponse().getTokens().getAccessToken();
        URI api = provider.apiUrl().orElseThrow();
        JsonNode user = getJson(provider, URI.create(api + "/user"), token);
        JsonNode id = user.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
            throw unavailable(provider, "its /user answer has no id", null);
        }
        String email = null;
        boolean verified = false;
        JsonNode emails = getJson(provider, URI.create(api + "/user/emails"), token);
        for (JsonNode entry : emails) {
            if (entry.path("primary").asBoolean(false) && entry.path("verified").asBoolean(false)) {
                email = entry.path("email").asText(null);
                verified = email != null;
            }
        }
        String name = user.path("name").isTextual() ? user.path("name").asText() : user.path("login").asText(null);
        return new ProviderIdentity(provider.name(), id.asText(), email, verified, name, flow.purpose());
    }

    private JsonNode getJson(OAuthProviderSettings provider, URI uri, AccessToken token) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .header("Authorization", "Bearer " + token.getValue())
                .header("Accept", "application/vnd.github+json")
                .GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw unavailable(provider, uri.getPath() + " answered " + answer.statusCode(), null);
            }
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw unavailable(provider, uri.getPath() + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(provider, "interrupted", e);
        }
    }

    private URI tokenEndpoint(OAuthProviderSettings provider) {
        return provider.kind() == OAuthProviderSettings.Kind.OIDC
                ? discover(provider).metadata().getTokenEndpointURI()
                : provider.tokenEndpoint().orElseThrow();
    }

    private Discovered discover(OAuthProviderSettings provider) {
        Discovered known = discovered.get(provider.name());
        if (known != null) {
            return known;
        }
        Issuer issuer = new Issuer(provider.issuer().orElseThrow());
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs();
            JWSAlgorithm algorithm = algorithms == null || algorithms.isEmpty() || algorithms.contains(JWSAlgorithm.RS256)
                    ? JWSAlgorithm.RS256 : algorithms.get(0);
            IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(),
                    new ClientID(provider.clientId()), algorithm, metadata.getJWKSetURI().toURL());
            Discovered made = new Discovered(metadata, validator);
            discovered.putIfAbsent(provider.name(), made);
            return made;
        } catch (GeneralException | IOException e) {
            throw unavailable(provider, "its OpenID Connect discovery document cannot be read", e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unavailable(provider, "its discovery document names no usable JWKS address", e);
        }
    }

    private OAuthProviderSettings provider(String name) {
        return settings.provider(name).orElseThrow(() -> new BerthException(ErrorCode.OAUTH_PROVIDER_NOT_FOUND,
                "no sign-in provider named '" + shorten(name) + "' is configured"));
    }

    private String encode(Flow flow) {
        String payload = String.join("|", flow.provider(), flow.purpose().name(), flow.state(), flow.nonce(),
                flow.verifier(), Long.toString(flow.expires().getEpochSecond()));
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + key.sign(FLOW_PURPOSE, body);
    }

    private Flow decode(String cookie) {
        if (cookie == null) {
            return null;
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0 || !key.verify(FLOW_PURPOSE, cookie.substring(0, dot), cookie.substring(dot + 1))) {
            return null;
        }
        try {
            String[] parts = new String(B64D.decode(cookie.substring(0, dot)), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 6) {
                return null;
            }
            Flow flow = new Flow(parts[0], Purpose.valueOf(parts[1]), parts[2], parts[3], parts[4],
                    Instant.ofEpochSecond(Long.parseLong(parts[5])));
            return clock.instant().isBefore(flow.expires()) ? flow : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String codeRefusal(OAuthProviderSettings provider, ErrorObject error) {
        String code = error == null || error.getCode() == null ? "unknown error" : error.getCode();
        return provider.label() + " refused the sign-in code (" + shorten(code)
                + "): it was used already or has expired; please start again";
    }

    private static BerthException refused(String message) {
        return new BerthException(ErrorCode.OAUTH_REFUSED, message);
    }

    private static BerthException unavailable(OAuthProviderSettings provider, String why, Exception cause) {
        LOG.warn("OAuth provider {}: {}{}", provider.name(), why, cause == null ? "" : ": " + cause);
        return new BerthException(ErrorCode.OAUTH_PROVIDER_UNAVAILABLE,
                "sign-in with " + provider.label() + " is not available right now: " + why);
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9 ._-]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}

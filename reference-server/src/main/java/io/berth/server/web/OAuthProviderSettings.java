package io.berth.server.web;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One OAuth provider the web pages offer: an OpenID Connect issuer (found by discovery, ID token verified)
 * or GitHub (plain OAuth 2: the account is read from GitHub's API with the access token).
 *
 * @param name              the provider's name in addresses ({@code /oauth/{name}/start}) and identities
 * @param label             the text of its button
 * @param kind              how sign-in works with it
 * @param issuer            the OpenID Connect issuer; empty for GitHub
 * @param clientId          the client id registered with the provider
 * @param clientSecret      the client secret; never shown by {@link #toString()}
 * @param authorizeEndpoint GitHub's authorization endpoint; empty for OpenID Connect (discovered)
 * @param tokenEndpoint     GitHub's token endpoint; empty for OpenID Connect (discovered)
 * @param apiUrl            GitHub's API base ({@code /user}, {@code /user/emails}); empty for OpenID Connect
 */
public record OAuthProviderSettings(String name, String label, Kind kind, Optional<URI> issuer, String clientId,
        String clientSecret, Optional<URI> authorizeEndpoint, Optional<URI> tokenEndpoint, Optional<URI> apiUrl) {

    /** GitHub's authorization endpoint. */
    public static final URI GITHUB_AUTHORIZE = URI.create("https://github.com/login/oauth/authorize");
    /** GitHub's token endpoint. */
    public static final URI GITHUB_TOKEN = URI.create("https://github.com/login/oauth/access_token");
    /** GitHub's API. */
    public static final URI GITHUB_API = URI.create("https://api.github.com");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    /** How a provider signs people in. */
    public enum Kind {
        /** OpenID Connect: discovery, PKCE, state, nonce and a verified ID token. */
        OIDC,
        /** GitHub's OAuth 2: PKCE and state; the user and verified emails come from its API. */
        GITHUB
    }

    public OAuthProviderSettings {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("provider name must be lower-case letters, digits and '-': " + name);
        }
        requireNonNull(label, "label is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(clientSecret, "clientSecret is null");
        requireNonNull(authorizeEndpoint, "authorizeEndpoint is null");
        requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        requireNonNull(apiUrl, "apiUrl is null");
        if (kind == Kind.OIDC && issuer.isEmpty()) {
            throw new IllegalArgumentException("an OpenID Connect provider needs an issuer: " + name);
        }
        if (kind == Kind.GITHUB && (authorizeEndpoint.isEmpty() || tokenEndpoint.isEmpty() || apiUrl.isEmpty())) {
            throw new IllegalArgumentException("a GitHub provider needs its endpoints: " + name);
        }
    }

    /** An OpenID Connect provider. */
    public static OAuthProviderSettings oidc(String name, String label, URI issuer, String clientId,
            String clientSecret) {
        return new OAuthProviderSettings(name, label, Kind.OIDC, Optional.of(issuer), clientId, clientSecret,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** GitHub with its public endpoints, named {@code github}. */
    public static OAuthProviderSettings github(String clientId, String clientSecret) {
        return new OAuthProviderSettings("github", "GitHub", Kind.GITHUB, Optional.empty(), clientId, clientSecret,
                Optional.of(GITHUB_AUTHORIZE), Optional.of(GITHUB_TOKEN), Optional.of(GITHUB_API));
    }

    /** This provider with another button text. */
    public OAuthProviderSettings withLabel(String newLabel) {
        return new OAuthProviderSettings(name, newLabel, kind, issuer, clientId, clientSecret, authorizeEndpoint,
                tokenEndpoint, apiUrl);
    }

    /** This GitHub provider with other endpoints (GitHub Enterprise, tests). */
    public OAuthProviderSettings withGithubEndpoints(URI authorize, URI token, URI api) {
        return new OAuthProviderSettings(name, label, kind, issuer, clientId, clientSecret, Optional.of(authorize),
                Optional.of(token), Optional.of(api));
    }

    /** The client secret is left out. */
    @Override
    public String toString() {
        return "OAuthProviderSettings[name=" + name + ", kind=" + kind + ", issuer=" + issuer.map(URI::toString)
                .orElse("-") + ", clientId=" + clientId + ", clientSecret=<hidden>]";
    }
}

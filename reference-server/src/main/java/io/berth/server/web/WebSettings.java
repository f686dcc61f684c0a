package io.berth.server.web;

import io.berth.server.ServerConfig.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the web pages and of OAuth sign-in, read from environment variables.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code BERTH_COOKIE_SECURE}</td><td>true when {@code BERTH_PUBLIC_URL} (the address browsers use,
 *       read with the sign-in settings) is https, else false</td></tr>
 *   <tr><td>{@code BERTH_TRUSTED_PROXY}</td><td>none: the client address is the socket's; with a proxy's
 *       address, requests from that address are attributed to the last {@code X-Forwarded-For} entry</td></tr>
 *   <tr><td>{@code BERTH_OAUTH_PROVIDERS}</td><td>none: a comma-separated list such as {@code google,github,uni}</td></tr>
 *   <tr><td>{@code BERTH_OAUTH_<NAME>_ISSUER}</td><td>the OpenID Connect issuer (discovery); google's is preset;
 *       not used for github</td></tr>
 *   <tr><td>{@code BERTH_OAUTH_<NAME>_CLIENT_ID}</td><td>required for every provider</td></tr>
 *   <tr><td>{@code BERTH_SECRET_OAUTH_<NAME>}</td><td>the client secret, required for every provider</td></tr>
 *   <tr><td>{@code BERTH_OAUTH_<NAME>_LABEL}</td><td>the button text, e.g. {@code University of Edinburgh}</td></tr>
 *   <tr><td>{@code BERTH_OAUTH_GITHUB_AUTHORIZE_URL}, {@code _TOKEN_URL}, {@code _API_URL}</td><td>GitHub's
 *       own; overridable for tests and GitHub Enterprise</td></tr>
 * </table>
 *
 * @param cookieSecure  whether cookies carry the {@code Secure} flag
 * @param trustedProxy  the address of a reverse proxy whose {@code X-Forwarded-For} is believed; empty for none
 * @param providers     OAuth providers in the configured order
 */
public record WebSettings(boolean cookieSecure, Optional<String> trustedProxy,
        List<OAuthProviderSettings> providers) {

    public static final String PUBLIC_URL = "BERTH_PUBLIC_URL";
    public static final String COOKIE_SECURE = "BERTH_COOKIE_SECURE";
    public static final String TRUSTED_PROXY = "BERTH_TRUSTED_PROXY";
    public static final String OAUTH_PROVIDERS = "BERTH_OAUTH_PROVIDERS";
    public static final String OAUTH_PREFIX = "BERTH_OAUTH_";
    public static final String OAUTH_SECRET_PREFIX = "BERTH_SECRET_OAUTH_";

    /** Google's OpenID Connect issuer, preset for the provider named {@code google}. */
    public static final URI GOOGLE_ISSUER = URI.create("https://accounts.google.com");
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    public WebSettings {
        requireNonNull(trustedProxy, "trustedProxy is null");
        providers = List.copyOf(providers);
        Set<String> names = new LinkedHashSet<>();
        for (OAuthProviderSettings provider : providers) {
            if (!names.add(provider.name())) {
                throw new IllegalArgumentException("OAuth provider " + provider.name() + " is configured twice");
            }
        }
    }

    /** No public URL, plain-HTTP cookies, no proxy and no OAuth provider: what a bare {@code ./berth serve} uses. */
    public static WebSettings defaults() {
        return new WebSettings(false, Optional.empty(), List.of());
    }

    /** The provider of that name. */
    public Optional<OAuthProviderSettings> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** These settings with one more OAuth provider. */
    public WebSettings withProvider(OAuthProviderSettings provider) {
        List<OAuthProviderSettings> list = new ArrayList<>(providers);
        list.add(provider);
        return new WebSettings(cookieSecure, trustedProxy, list);
    }

    /** These settings believing {@code X-Forwarded-For} from that address. */
    public WebSettings withTrustedProxy(String address) {
        return new WebSettings(cookieSecure, Optional.of(address), providers);
    }

    /** These settings with the {@code Secure} cookie flag on or off. */
    public WebSettings withCookieSecure(boolean secure) {
        return new WebSettings(secure, trustedProxy, providers);
    }

    /**
     * Reads the settings from variables.
     *
     * @throws ConfigException naming the first variable with a bad or missing value
     */
    public static WebSettings fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env is null");
        boolean https = text(env, PUBLIC_URL).map(value -> httpUrl(PUBLIC_URL, value))
                .map(u -> u.getScheme().equals("https")).orElse(false);
        boolean secure = text(env, COOKIE_SECURE).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(COOKIE_SECURE + " must be true or false");
        }).orElse(https);
        Optional<String> proxy = text(env, TRUSTED_PROXY);
        List<OAuthProviderSettings> providers = new ArrayList<>();
        for (String raw : text(env, OAUTH_PROVIDERS).map(v -> v.split(",")).orElse(new String[0])) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!PROVIDER_NAME.matcher(name).matches()) {
                throw new ConfigException(OAUTH_PROVIDERS + " names must be lower-case letters, digits and '-': '"
                        + name + "'");
            }
            providers.add(provider(env, name));
        }
        try {
            return new WebSettings(secure, proxy, providers);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OAUTH_PROVIDERS + ": " + e.getMessage());
        }
    }

    private static OAuthProviderSettings provider(Map<String, String> env, String name) {
        String prefix = OAUTH_PREFIX + variablePart(name) + "_";
        String clientId = text(env, prefix + "CLIENT_ID").orElseThrow(() ->
                new ConfigException(prefix + "CLIENT_ID is required for the OAuth provider " + name));
        String secretVariable = OAUTH_SECRET_PREFIX + variablePart(name);
        String secret = text(env, secretVariable).orElseThrow(() ->
                new ConfigException(secretVariable + " (the client secret) is required for the OAuth provider " + name));
        String label = text(env, prefix + "LABEL").orElse(switch (name) {
            case "google" -> "Google";
            case "github" -> "GitHub";
            default -> name;
        });
        if (name.equals("github")) {
            return OAuthProviderSettings.github(clientId, secret)
                    .withLabel(label)
                    .withGithubEndpoints(
                            text(env, prefix + "AUTHORIZE_URL").map(v -> httpUrl(prefix + "AUTHORIZE_URL", v))
                                    .orElse(OAuthProviderSettings.GITHUB_AUTHORIZE),
                            text(env, prefix + "TOKEN_URL").map(v -> httpUrl(prefix + "TOKEN_URL", v))
                                    .orElse(OAuthProviderSettings.GITHUB_TOKEN),
                            text(env, prefix + "API_URL").map(v -> httpUrl(prefix + "API_URL", v))
                                    .orElse(OAuthProviderSettings.GITHUB_API));
        }
        Optional<URI> issuer = text(env, prefix + "ISSUER").map(v -> httpUrl(prefix + "ISSUER", v));
        if (issuer.isEmpty() && !name.equals("google")) {
            throw new ConfigException(prefix + "ISSUER (the OpenID Connect issuer) is required for the OAuth provider "
                    + name);
        }
        return OAuthProviderSettings.oidc(name, label, issuer.orElse(GOOGLE_ISSUER), clientId, secret);
    }

    private static Optional<String> text(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static URI httpUrl(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(variable + " must be an http or https URL: '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(variable + " is not a valid URL: '" + value + "'");
        }
    }

    private static String variablePart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}

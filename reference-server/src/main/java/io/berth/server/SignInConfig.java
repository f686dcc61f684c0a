package io.berth.server;

import io.berth.platform.signin.SignInSettings;
import io.berth.server.ServerConfig.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Sign-in settings from environment variables.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code BERTH_PUBLIC_URL}</td><td>{@code http://localhost:<port>}: where people reach the server;
 *       mailed links point at its {@code /confirm} and {@code /reset} pages</td></tr>
 *   <tr><td>{@code BERTH_SITES}</td><td>none: the server's own {@code /welcome} page; else a comma-separated list
 *       of notebook site names, the first the default</td></tr>
 *   <tr><td>{@code BERTH_SITE_<NAME>_URL}</td><td>required for each site: its landing page</td></tr>
 *   <tr><td>{@code BERTH_SECRET_SITE_<NAME>}</td><td>the site's secret; else read from (or generated into, mode
 *       0600) {@code <data>/sites/<name>.secret}</td></tr>
 *   <tr><td>{@code BERTH_LINK_MINUTES}</td><td>30: lifetime of mailed confirmation and reset links</td></tr>
 *   <tr><td>{@code BERTH_LOGIN_TOKEN_SECONDS}</td><td>60: lifetime of login tokens</td></tr>
 *   <tr><td>{@code BERTH_SESSION_IDLE_MINUTES}</td><td>60</td></tr>
 *   <tr><td>{@code BERTH_SESSION_MAX_HOURS}</td><td>12: a session's absolute limit</td></tr>
 *   <tr><td>{@code BERTH_TRIAL_IDLE_MINUTES}</td><td>240: a trial account without a session is deleted this long
 *       after it was last active</td></tr>
 *   <tr><td>{@code BERTH_SIGNIN_MAX_ATTEMPTS}</td><td>10: failed logins (and sign-ups, reset requests, trials)
 *       per address and per client within the window</td></tr>
 *   <tr><td>{@code BERTH_SIGNIN_WINDOW_MINUTES}</td><td>15</td></tr>
 *   <tr><td>{@code BERTH_CLEANUP_SECONDS}</td><td>60: how often expired secrets and ended accounts are
 *       deleted</td></tr>
 * </table>
 *
 * @param publicUrl null: {@code http://localhost:<port>} once the port is known
 */
public record SignInConfig(URI publicUrl, Map<String, URI> sites, Duration linkLifetime, Duration loginTokenLifetime,
                           Duration sessionIdle, Duration sessionAbsolute, Duration trialIdle, int maxAttempts,
                           Duration attemptWindow, Duration cleanupInterval) {
    public static final String PUBLIC_URL = "BERTH_PUBLIC_URL";
    public static final String SITES = "BERTH_SITES";
    public static final String SITE_PREFIX = "BERTH_SITE_";
    public static final String SITE_SECRET_PREFIX = "BERTH_SECRET_SITE_";
    public static final String LINK_MINUTES = "BERTH_LINK_MINUTES";
    public static final String LOGIN_TOKEN_SECONDS = "BERTH_LOGIN_TOKEN_SECONDS";
    public static final String SESSION_IDLE_MINUTES = "BERTH_SESSION_IDLE_MINUTES";
    public static final String SESSION_MAX_HOURS = "BERTH_SESSION_MAX_HOURS";
    public static final String TRIAL_IDLE_MINUTES = "BERTH_TRIAL_IDLE_MINUTES";
    public static final String MAX_ATTEMPTS = "BERTH_SIGNIN_MAX_ATTEMPTS";
    public static final String WINDOW_MINUTES = "BERTH_SIGNIN_WINDOW_MINUTES";
    public static final String CLEANUP_SECONDS = "BERTH_CLEANUP_SECONDS";

    private static final Pattern SITE_NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,30}[a-z0-9])?");

    public SignInConfig {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(sites, "sites is null")));
        requireNonNull(linkLifetime, "linkLifetime is null");
        requireNonNull(loginTokenLifetime, "loginTokenLifetime is null");
        requireNonNull(sessionIdle, "sessionIdle is null");
        requireNonNull(sessionAbsolute, "sessionAbsolute is null");
        requireNonNull(trialIdle, "trialIdle is null");
        requireNonNull(attemptWindow, "attemptWindow is null");
        requireNonNull(cleanupInterval, "cleanupInterval is null");
    }

    /**
     * Reads the variables.
     *
     * @throws ConfigException naming the first variable with a bad value
     */
    public static SignInConfig fromEnvironment(Map<String, String> env) {
        URI publicUrl = text(env, PUBLIC_URL) == null ? null : httpUrl(PUBLIC_URL, text(env, PUBLIC_URL));
        Map<String, URI> sites = new LinkedHashMap<>();
        String list = text(env, SITES);
        if (list != null) {
            for (String part : list.split(",")) {
                String name = part.strip().toLowerCase(Locale.ROOT);
                if (!SITE_NAME.matcher(name).matches()) {
                    throw new ConfigException(SITES + ": a site name is 1-32 lower-case letters, digits, '-' or '_',"
                            + " not '" + part.strip() + "'");
                }
                String variable = SITE_PREFIX + variablePart(name) + "_URL";
                String url = text(env, variable);
                if (url == null) {
                    throw new ConfigException(variable + " is required for the site '" + name + "' of " + SITES);
                }
                if (sites.put(name, httpUrl(variable, url)) != null) {
                    throw new ConfigException(SITES + " names the site '" + name + "' twice");
                }
            }
        }
        try {
            SignInConfig config = new SignInConfig(publicUrl, sites,
                    Duration.ofMinutes(integer(env, LINK_MINUTES, 30, 1, 7 * 24 * 60)),
                    Duration.ofSeconds(integer(env, LOGIN_TOKEN_SECONDS, 60, 5, 3600)),
                    Duration.ofMinutes(integer(env, SESSION_IDLE_MINUTES, 60, 1, 30 * 24 * 60)),
                    Duration.ofHours(integer(env, SESSION_MAX_HOURS, 12, 1, 90 * 24)),
                    Duration.ofMinutes(integer(env, TRIAL_IDLE_MINUTES, 240, 1, 30 * 24 * 60)),
                    integer(env, MAX_ATTEMPTS, 10, 1, 10_000),
                    Duration.ofMinutes(integer(env, WINDOW_MINUTES, 15, 1, 24 * 60)),
                    Duration.ofSeconds(integer(env, CLEANUP_SECONDS, 60, 1, 24 * 3600)));
            config.settings(URI.create("http://localhost")); // checks the combination
            return config;
        } catch (io.berth.core.error.BerthException e) {
            throw new ConfigException("sign-in settings: " + e.getMessage());
        }
    }

    /** The defaults, with no site configured. */
    public static SignInConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /** The settings of the service, with {@code fallbackUrl} when no public URL is configured. */
    public SignInSettings settings(URI fallbackUrl) {
        return new SignInSettings(publicUrl == null ? fallbackUrl : publicUrl, sites, linkLifetime,
                loginTokenLifetime, sessionIdle, sessionAbsolute, trialIdle, maxAttempts, attemptWindow,
                cleanupInterval);
    }

    /** The variable of a site's secret: {@code BERTH_SECRET_SITE_JUPYTER} for {@code jupyter}. */
    public static String secretVariable(String site) {
        return SITE_SECRET_PREFIX + variablePart(site);
    }

    private static String variablePart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String text(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int integer(Map<String, String> env, String variable, int defaultValue, int min, int max) {
        String text = text(env, variable);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(variable + " must be a whole number from " + min + " to " + max + ", was '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }

    private static URI httpUrl(String variable, String text) {
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(variable + " must be an absolute http(s) URL without a fragment, was '"
                + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
    }
}

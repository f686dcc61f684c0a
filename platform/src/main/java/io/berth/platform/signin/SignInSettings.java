package io.berth.platform.signin;

import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How sign-in behaves. Immutable; start from {@link #defaults(URI)} and change with the withers.
 *
 * @param publicUrl          where people reach this server; mailed links point at its {@code /confirm} and
 *                           {@code /reset} pages
 * @param sites              notebook sites by name, in order; the first is the default. Empty: the server's own
 *                           {@code /welcome} page is the only (and default) site, named {@link #WELCOME_SITE}
 * @param linkLifetime       how long a mailed link's code is valid (default 30 minutes)
 * @param loginTokenLifetime how long a login token is valid (default 60 seconds)
 * @param sessionIdle        a session ends when unused this long (default 60 minutes)
 * @param sessionAbsolute    a session ends this long after login whatever happens (default 12 hours)
 * @param trialIdle          a trial account without a live session is deleted when it was last active this long
 *                           ago (default 4 hours: a notebook site keeps its own session, which Berth cannot see)
 * @param maxFailures        failed attempts (logins, resets, sign-ups) allowed per account and per address within
 *                           {@code failureWindow} (default 10)
 * @param failureWindow      the window of {@code maxFailures} (default 15 minutes)
 * @param cleanupInterval    how often the maintenance job runs (default 60 seconds)
 */
public record SignInSettings(URI publicUrl, Map<String, URI> sites, Duration linkLifetime, Duration loginTokenLifetime,
                             Duration sessionIdle, Duration sessionAbsolute, Duration trialIdle, int maxFailures,
                             Duration failureWindow, Duration cleanupInterval) {
    /** The name of the server's own landing site, used when no notebook site is configured. */
    public static final String WELCOME_SITE = "welcome";

    public SignInSettings {
        requireNonNull(publicUrl, "publicUrl is null");
        requireNonNull(sites, "sites is null");
        Map<String, URI> copy = new LinkedHashMap<>();
        sites.forEach((name, url) -> {
            Checks.name(name, "site name");
            requireNonNull(url, "url of site " + name + " is null");
            if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "the URL of site " + name
                        + " must be an absolute http(s) URL: " + url);
            }
            copy.put(name, url);
        });
        sites = Collections.unmodifiableMap(copy);
        Duration day = Duration.ofDays(1);
        Checks.positive(linkLifetime, "linkLifetime", Duration.ofDays(7));
        Checks.positive(loginTokenLifetime, "loginTokenLifetime", Duration.ofHours(1));
        Checks.positive(sessionIdle, "sessionIdle", Duration.ofDays(30));
        Checks.positive(sessionAbsolute, "sessionAbsolute", Duration.ofDays(90));
        Checks.positive(trialIdle, "trialIdle", Duration.ofDays(30));
        Checks.range(maxFailures, "maxFailures", 1, 10_000);
        Checks.positive(failureWindow, "failureWindow", day);
        Checks.positive(cleanupInterval, "cleanupInterval", day);
    }

    /** The defaults listed on the components, with no notebook site. */
    public static SignInSettings defaults(URI publicUrl) {
        return new SignInSettings(publicUrl, Map.of(), Duration.ofMinutes(30), Duration.ofSeconds(60),
                Duration.ofMinutes(60), Duration.ofHours(12), Duration.ofHours(4), 10, Duration.ofMinutes(15),
                Duration.ofSeconds(60));
    }

    /** The sites with their names, in order, the server's {@code /welcome} page when none is configured. */
    public Map<String, URI> effectiveSites() {
        if (!sites.isEmpty()) {
            return sites;
        }
        String base = publicUrl.toString();
        return Map.of(WELCOME_SITE, URI.create((base.endsWith("/") ? base : base + "/") + "welcome"));
    }

    /** The name of the default site. */
    public String defaultSite() {
        return effectiveSites().keySet().iterator().next();
    }

    public SignInSettings withSites(Map<String, URI> newSites) {
        return new SignInSettings(publicUrl, newSites, linkLifetime, loginTokenLifetime, sessionIdle, sessionAbsolute,
                trialIdle, maxFailures, failureWindow, cleanupInterval);
    }

    public SignInSettings withLinkLifetime(Duration value) {
        return new SignInSettings(publicUrl, sites, value, loginTokenLifetime, sessionIdle, sessionAbsolute,
                trialIdle, maxFailures, failureWindow, cleanupInterval);
    }

    public SignInSettings withLoginTokenLifetime(Duration value) {
        return new SignInSettings(publicUrl, sites, linkLifetime, value, sessionIdle, sessionAbsolute,
                trialIdle, maxFailures, failureWindow, cleanupInterval);
    }

    public SignInSettings withSessionLimits(Duration idle, Duration absolute) {
        return new SignInSettings(publicUrl, sites, linkLifetime, loginTokenLifetime, idle, absolute,
                trialIdle, maxFailures, failureWindow, cleanupInterval);
    }

    public SignInSettings withTrialIdle(Duration value) {
        return new SignInSettings(publicUrl, sites, linkLifetime, loginTokenLifetime, sessionIdle, sessionAbsolute,
                value, maxFailures, failureWindow, cleanupInterval);
    }

    public SignInSettings withThrottle(int failures, Duration window) {
        return new SignInSettings(publicUrl, sites, linkLifetime, loginTokenLifetime, sessionIdle, sessionAbsolute,
                trialIdle, failures, window, cleanupInterval);
    }

    public SignInSettings withCleanupInterval(Duration value) {
        return new SignInSettings(publicUrl, sites, linkLifetime, loginTokenLifetime, sessionIdle, sessionAbsolute,
                trialIdle, maxFailures, failureWindow, value);
    }
}

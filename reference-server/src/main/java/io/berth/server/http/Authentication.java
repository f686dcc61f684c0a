package io.berth.server.http;

import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;

import static java.util.Objects.requireNonNull;

/**
 * Bearer-key authentication of {@code /api/v1}: the {@link Principal} of a valid key is kept in the request
 * for the handlers, and a route outside the key's scopes is refused. Keys are never logged or echoed; a bad key
 * gets the same answer whatever is wrong with it.
 */
public final class Authentication {
    private static final String PRINCIPAL = Authentication.class.getName() + ".principal";
    private static final String BEARER = "Bearer ";

    private final AccountService accounts;

    public Authentication(AccountService accounts) {
        this.accounts = requireNonNull(accounts, "accounts is null");
    }

    /**
     * Authenticates the request.
     *
     * @throws BerthException AUTHENTICATION_REQUIRED without a bearer key, INVALID_CREDENTIALS for a bad one,
     *                        INSUFFICIENT_SCOPE for a route outside the key's scopes (see {@link RouteScopes})
     */
    public void authenticate(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if ((header == null || header.isBlank()) && ctx.path().equals(BookingApi.FEED_PATH)
                && ctx.queryParam(CalendarFeed.KEY_PARAMETER) != null) {
            // A calendar program sends the feed's secret in the address instead; the feed checks it.
            return;
        }
        if ((header == null || header.isBlank()) && ctx.path().equals(EnvironmentApi.SCHEMA_PATH)
                && ctx.method() == HandlerType.GET) {
            // the environment schema is published, for editors and for documents written before signing up
            return;
        }
        if (header == null || header.isBlank()) {
            throw new BerthException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "this route needs an API key: Authorization: Bearer <key>");
        }
        if (header.length() < BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new BerthException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "only bearer API keys are accepted: Authorization: Bearer <key>");
        }
        Principal principal = accounts.authenticate(header.substring(BEARER.length()).strip());
        ctx.attribute(PRINCIPAL, principal);
        RouteScopes.check(principal, ctx.method().name(), ctx.path());
    }

    /** The caller, when the request carried an account's key (a calendar feed read by its secret carries none). */
    public static java.util.Optional<Principal> findPrincipal(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** The caller of an authenticated request. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            // a route registered outside /api/v1 asked for a caller: a wiring mistake, not the client's
            throw new IllegalStateException("no principal for " + ctx.path());
        }
        return principal;
    }
}

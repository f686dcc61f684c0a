package io.berth.server.http;

import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.auth.ApiKeys;
import io.berth.platform.signin.SignInService;
import io.berth.platform.signin.SignedIn;
import io.javalin.http.Context;
import io.javalin.http.Header;

import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Bearer authentication of {@code /api/v1}: an API key ({@code berth_...}) or the id of a session opened by
 * {@code POST /login}. The {@link Principal} is kept in the request for the handlers. Keys and session ids are
 * never logged or echoed; a bad one gets the same answer whatever is wrong with it. A route outside an API key's
 * scopes is refused. Public and site routes never get here: {@link AccessRules} lets them through first.
 */
public final class Authentication {
    private static final String PRINCIPAL = Authentication.class.getName() + ".principal";
    private static final String SESSION = Authentication.class.getName() + ".session";
    private static final String BEARER = "Bearer ";

    private final AccountService accounts;
    private final Supplier<SignInService> signIn;

    /** @param signIn the sign-in service, for session ids */
    public Authentication(AccountService accounts, Supplier<SignInService> signIn) {
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.signIn = requireNonNull(signIn, "signIn is null");
    }

    /**
     * Authenticates the request.
     *
     * @throws BerthException AUTHENTICATION_REQUIRED without a bearer key, INVALID_CREDENTIALS for a bad one,
     *                        INSUFFICIENT_SCOPE for a route outside the key's scopes (see {@link RouteScopes})
     *                        ACCOUNT_DISABLED for a key of a disabled account
     */
    public void authenticate(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if ((header == null || header.isBlank()) && ctx.path().equals(BookingApi.FEED_PATH)
                && ctx.queryParam(CalendarFeed.KEY_PARAMETER) != null) {
            // A calendar program sends the feed's secret in the address instead; the feed checks it.
            return;
        }
        if (header == null || header.isBlank()) {
            throw new BerthException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "this route needs an API key or a session: Authorization: Bearer <key>");
        }
        authenticateBearer(ctx, bearer(header));
    }

    /**
     * The caller of a public route that sent credentials anyway (a signed-in trial account registering, say);
     * empty without an Authorization header.
     *
     * @throws BerthException INVALID_CREDENTIALS for bad credentials
     */
    Optional<Principal> optionalPrincipal(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        authenticateBearer(ctx, bearer(header));
        return Optional.of(principal(ctx));
    }

    private void authenticateBearer(Context ctx, String credential) {
        Principal principal;
        if (credential.startsWith(ApiKeys.PREFIX)) {
            principal = accounts.authenticate(credential);
        } else {
            SignedIn session = signIn.get().session(credential).orElseThrow(
                    () -> new BerthException(ErrorCode.INVALID_CREDENTIALS, "invalid API key or session"));
            principal = AccountService.principalOf(session.account());
            ctx.attribute(SESSION, credential);
        }
        ctx.attribute(PRINCIPAL, principal);
        RouteScopes.check(principal, ctx.method().name(), ctx.path());
    }

    private static String bearer(String header) {
        if (header.length() < BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new BerthException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "only bearer credentials are accepted: Authorization: Bearer <key>");
        }
        return header.substring(BEARER.length()).strip();
    }

    /** The caller, when the request carried credentials (a calendar feed read by its secret carries none). */
    public static Optional<Principal> findPrincipal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
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

    /** The session id the request authenticated with; empty for an API key. */
    public static Optional<String> sessionId(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }
}

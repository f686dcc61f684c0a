package io.berth.server.http;

import io.berth.core.account.ApiScope;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@link ApiScope} each route of {@code /api/v1} needs. Reading (GET) needs {@code read}; a change needs
 * the scope of the area it changes:
 *
 * <ul>
 *   <li>{@code deploy}: commands and deployments</li>
 *   <li>{@code book}: bookings, the calendar feed's secret, the access queue</li>
 *   <li>{@code account}: the caller's profile ({@code PATCH /accounts/{name}}), API keys and SSH keys</li>
 *   <li>{@code admin}: plans, pools and capacity, levels, creating accounts</li>
 * </ul>
 *
 * <p>A change under a path this table does not know needs every scope the account's role allows, so a narrowed
 * key never gains a route by its being added later. The {@code admin} scope is asked of admin accounts only: for
 * others an admin route is refused by the route itself, as FORBIDDEN.
 */
final class RouteScopes {
    private static final Map<String, ApiScope> CHANGES = Map.ofEntries(
            Map.entry("commands", ApiScope.DEPLOY),
            Map.entry("deployments", ApiScope.DEPLOY),
            Map.entry("bookings", ApiScope.BOOK),
            Map.entry("queue", ApiScope.BOOK),
            Map.entry("me", ApiScope.ACCOUNT),
            Map.entry("api-keys", ApiScope.ACCOUNT),
            Map.entry("ssh-keys", ApiScope.ACCOUNT),
            Map.entry("plans", ApiScope.ADMIN),
            Map.entry("pools", ApiScope.ADMIN),
            Map.entry("levels", ApiScope.ADMIN),
            Map.entry("environments", ApiScope.ADMIN));

    private RouteScopes() {
    }

    /**
     * The scope a request needs.
     *
     * @param path the request's path under {@link HttpApi#API}
     * @return the scope, or empty when the route needs every scope the role allows
     */
    static Optional<ApiScope> required(String method, String path) {
        String upper = method.toUpperCase(Locale.ROOT);
        if (upper.equals("GET") || upper.equals("HEAD")) {
            return Optional.of(ApiScope.READ);
        }
        String relative = path.startsWith(HttpApi.API + "/") ? path.substring(HttpApi.API.length() + 1) : "";
        String[] segments = relative.split("/");
        if (segments[0].equals("environments") && segments.length == 2 && segments[1].equals("validate")) {
            return Optional.of(ApiScope.READ); // checking a document changes nothing
        }
        if (segments[0].equals("accounts")) {
            // creating accounts is for admins; changing one's own profile and making one's own keys is not
            return Optional.of(segments.length == 1 ? ApiScope.ADMIN : ApiScope.ACCOUNT);
        }
        return Optional.ofNullable(CHANGES.get(segments[0]));
    }

    /**
     * Refuses a request outside the caller's scopes.
     *
     * @throws BerthException INSUFFICIENT_SCOPE naming the scope that is missing
     */
    static void check(Principal caller, String method, String path) {
        Optional<ApiScope> required = required(method, path);
        if (required.isEmpty()) {
            if (!caller.scopes().containsAll(ApiScope.allowedFor(caller.role()))) {
                throw new BerthException(ErrorCode.INSUFFICIENT_SCOPE, "this route needs a key with every scope");
            }
            return;
        }
        ApiScope scope = required.get();
        if (scope == ApiScope.ADMIN && caller.role() != Role.ADMIN) {
            return;
        }
        if (!caller.hasScope(scope)) {
            throw new BerthException(ErrorCode.INSUFFICIENT_SCOPE,
                    "this route needs an API key with the '" + scope.code() + "' scope");
        }
    }
}

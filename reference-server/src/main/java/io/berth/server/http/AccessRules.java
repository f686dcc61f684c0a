package io.berth.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Who may call each route, read from the {@code x-berth-access} field of every operation in the OpenAPI
 * document: the document that tells clients who may do what is the one the server enforces, and the
 * authorization matrix test tries every route against it.
 *
 * <p>Roles and levels are checked here, before a handler reads the body, so a caller who may not use a route
 * learns nothing from validation answers. Ownership ({@link Access#OWNER_OR_ADMIN}) needs the object and is
 * checked by the platform services; this class only makes sure the caller is authenticated.
 */
public final class AccessRules {
    /** Who may call an operation. */
    public enum Access {
        /** Anyone, without credentials. */
        PUBLIC("public"),
        /** A registered notebook site, with its site secret; not an account. */
        SITE("site"),
        /** Any authenticated account, level 0 included. */
        ANY_ACCOUNT("any-account"),
        /** An account of level 1 or above (not a "give it a try" account), or an admin. */
        REGISTERED("registered"),
        /** The account that owns the object named in the path, or an admin. */
        OWNER_OR_ADMIN("owner-or-admin"),
        /** Admins only. */
        ADMIN("admin");

        private final String value;

        Access(String value) {
            this.value = value;
        }

        /** The value of {@code x-berth-access}. */
        public String value() {
            return value;
        }

        /** @throws IllegalArgumentException for a value that is not one of the above */
        public static Access of(String value) {
            for (Access access : values()) {
                if (access.value.equals(value)) {
                    return access;
                }
            }
            throw new IllegalArgumentException("unknown x-berth-access value '" + value + "'");
        }

        /** Whether the route works without an account's API key. */
        public boolean withoutAccount() {
            return this == PUBLIC || this == SITE;
        }
    }

    /** The OpenAPI extension that names an operation's {@link Access}. */
    public static final String EXTENSION = "x-berth-access";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final Map<String, Access> byRoute;

    private AccessRules(Map<String, Access> byRoute) {
        this.byRoute = Map.copyOf(byRoute);
    }

    /**
     * The rules of an OpenAPI document.
     *
     * @throws IllegalStateException when an operation lacks {@value #EXTENSION} or has an unknown value: a
     *                               route nobody decided about is a start-up error, never open by default
     */
    public static AccessRules of(byte[] openApi) {
        JsonNode document;
        try {
            document = new ObjectMapper().readTree(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not JSON", e);
        }
        Map<String, Access> rules = new HashMap<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            String route = key(operation.getKey(), path.getKey());
            JsonNode access = operation.getValue().get(EXTENSION);
            if (access == null || !access.isTextual()) {
                throw new IllegalStateException("the OpenAPI operation " + route + " has no " + EXTENSION);
            }
            try {
                rules.put(route, Access.of(access.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the OpenAPI operation " + route + ": " + e.getMessage(), e);
            }
        }));
        return new AccessRules(rules);
    }

    /** The access of a route as registered ({@code GET}, {@code /api/v1/plans/{name}}), if documented. */
    public Optional<Access> access(String method, String path) {
        return Optional.ofNullable(byRoute.get(key(method, path)));
    }

    /** The access of the route a request matched; empty for an unmatched request. */
    public Optional<Access> access(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return Optional.empty();
        }
        return access(endpoint.method.name(), endpoint.path);
    }

    /**
     * Checks the caller's role and level against the matched route; runs after {@link Authentication}.
     *
     * @param access the route's access as {@link #access(Context)} found it; null for an unmatched request
     * @throws BerthException FORBIDDEN for a non-admin on an admin route, LEVEL_NOT_ALLOWED for a level-0
     *                        account on a route for registered accounts
     */
    public void authorize(Context ctx, Access access) {
        if (access == null || access.withoutAccount()) {
            return;
        }
        Principal caller = Authentication.findPrincipal(ctx).orElse(null);
        if (caller == null) {
            return; // a route that let the request through on its own credential (a feed's secret) checks it
        }
        switch (access) {
            case ADMIN -> AccountService.requireAdmin(caller);
            case REGISTERED -> {
                if (!caller.isAdmin() && caller.level() < 1) {
                    throw new BerthException(ErrorCode.LEVEL_NOT_ALLOWED,
                            "a \"give it a try\" account cannot do this; register to keep your work");
                }
            }
            default -> {
                // ANY_ACCOUNT and OWNER_OR_ADMIN: authenticated is enough here
            }
        }
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + requireNonNull(path, "path is null");
    }
}

package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API key may be used for. A key carries a set of scopes; a route outside them is refused with
 * {@link ErrorCode#INSUFFICIENT_SCOPE}, whatever the account itself may do. The {@link #code()} strings are
 * part of the public API.
 */
public enum ApiScope {
    /** Reading: every GET route. */
    READ("read"),
    /** Commands and deployments: install, configure, remove. */
    DEPLOY("deploy"),
    /** Bookings, the access queue and the calendar feed. */
    BOOK("book"),
    /** The account itself: profile, API keys, SSH keys. */
    ACCOUNT("account"),
    /** The powers of the ADMIN role; only keys of admin accounts carry it. */
    ADMIN("admin");

    private final String code;

    ApiScope(String code) {
        this.code = code;
    }

    /** The lower-case name used in JSON, the CLI and the store. */
    public String code() {
        return code;
    }

    /** Every scope: what a key may do when it was made without a list. */
    public static Set<ApiScope> all() {
        return EnumSet.allOf(ApiScope.class);
    }

    /** The scopes an account with {@code role} may hold: all of them for admins, all but ADMIN for users. */
    public static Set<ApiScope> allowedFor(Role role) {
        Set<ApiScope> scopes = all();
        if (role != Role.ADMIN) {
            scopes.remove(ADMIN);
        }
        return scopes;
    }

    /**
     * The scope named by {@code code} (case-insensitive).
     *
     * @throws BerthException INVALID_REQUEST for an unknown name
     */
    public static ApiScope parse(String code) {
        if (code != null) {
            String lower = code.strip().toLowerCase(Locale.ROOT);
            for (ApiScope scope : values()) {
                if (scope.code.equals(lower)) {
                    return scope;
                }
            }
        }
        throw new BerthException(ErrorCode.INVALID_REQUEST, "unknown scope '" + shorten(code) + "'; known scopes: "
                + Arrays.stream(values()).map(ApiScope::code).collect(Collectors.joining(", ")));
    }

    /**
     * Parses a comma-separated list as the store keeps it ({@code read,deploy}).
     *
     * @throws BerthException INVALID_REQUEST for an unknown name or an empty list
     */
    public static Set<ApiScope> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a key needs at least one scope");
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String part : text.split(",", -1)) {
            scopes.add(parse(part));
        }
        return scopes;
    }

    /** The comma-separated list of {@link #parseList(String)}, in declaration order. */
    public static String format(Collection<ApiScope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(ApiScope::code).collect(Collectors.joining(","));
    }

    private static String shorten(String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}

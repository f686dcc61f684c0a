package io.berth.server.api;

import io.berth.core.account.ApiScope;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api-keys} and {@code POST /accounts/{name}/api-keys}.
 *
 * @param name          a label for the key, e.g. {@code laptop}; at most 100 characters
 * @param expiresAt     ISO-8601 time after which the key stops working, or null
 * @param expiresInDays the same as a number of days from now, or null; at most one of the two
 * @param scopes        what the key may do ({@code read}, {@code deploy}, {@code book}, {@code account},
 *                      {@code admin}), or null for everything the calling key may do
 */
public record NewApiKey(String name, String expiresAt, Integer expiresInDays, List<String> scopes) {

    public static final int MAX_NAME_LENGTH = 100;

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST for a bad name */
    public String label() {
        if (name == null) {
            return "api";
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw Fields.invalid("name must be 1-" + MAX_NAME_LENGTH + " characters without control characters");
        }
        return name;
    }

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST for a malformed time */
    public Instant expiry() {
        return Fields.instant(expiresAt, "expiresAt");
    }

    /** The requested scopes, or null for the default. @throws io.berth.core.error.BerthException for unknown ones */
    public Set<ApiScope> parsedScopes() {
        if (scopes == null) {
            return null;
        }
        if (scopes.isEmpty()) {
            throw Fields.invalid("scopes must name at least one scope, or be left out for the default");
        }
        Set<ApiScope> parsed = EnumSet.noneOf(ApiScope.class);
        for (String scope : scopes) {
            parsed.add(ApiScope.parse(scope));
        }
        return parsed;
    }
}

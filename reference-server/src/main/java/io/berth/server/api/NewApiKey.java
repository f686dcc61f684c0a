package io.berth.server.api;

import java.time.Instant;

/**
 * The body of {@code POST /accounts/{name}/api-keys}.
 *
 * @param name      a label for the key, e.g. {@code laptop}; at most 100 characters
 * @param expiresAt ISO-8601 time after which the key stops working, or null for never
 */
public record NewApiKey(String name, String expiresAt) {

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
}

package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies an account. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record AccountId(UUID value) {
    public AccountId {
        requireNonNull(value, "value is null");
    }

    public static AccountId random() {
        return new AccountId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static AccountId parse(String text) {
        return new AccountId(Ids.parseUuid(text, "an account"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a capacity pool. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record PoolId(UUID value) {
    public PoolId {
        requireNonNull(value, "value is null");
    }

    public static PoolId random() {
        return new PoolId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static PoolId parse(String text) {
        return new PoolId(Ids.parseUuid(text, "a pool"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

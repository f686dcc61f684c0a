package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies one capacity allocation of a pool. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record AllocationId(UUID value) {
    public AllocationId {
        requireNonNull(value, "value is null");
    }

    public static AllocationId random() {
        return new AllocationId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static AllocationId parse(String text) {
        return new AllocationId(Ids.parseUuid(text, "a capacity allocation"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.berth.core.catalog;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a service plan. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record PlanId(UUID value) {
    public PlanId {
        requireNonNull(value, "value is null");
    }

    public static PlanId random() {
        return new PlanId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static PlanId parse(String text) {
        return new PlanId(Ids.parseUuid(text, "a service plan"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

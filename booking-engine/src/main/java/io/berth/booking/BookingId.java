package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a booking. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record BookingId(UUID value) {
    public BookingId {
        requireNonNull(value, "value is null");
    }

    public static BookingId random() {
        return new BookingId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static BookingId parse(String text) {
        return new BookingId(Ids.parseUuid(text, "a booking"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies one entry of an access queue. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record QueueEntryId(UUID value) {
    public QueueEntryId {
        requireNonNull(value, "value is null");
    }

    public static QueueEntryId random() {
        return new QueueEntryId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static QueueEntryId parse(String text) {
        return new QueueEntryId(Ids.parseUuid(text, "a queue entry"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

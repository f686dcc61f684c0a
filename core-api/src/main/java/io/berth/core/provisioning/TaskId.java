package io.berth.core.provisioning;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a service task. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record TaskId(UUID value) {
    public TaskId {
        requireNonNull(value, "value is null");
    }

    public static TaskId random() {
        return new TaskId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static TaskId parse(String text) {
        return new TaskId(Ids.parseUuid(text, "a service task"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

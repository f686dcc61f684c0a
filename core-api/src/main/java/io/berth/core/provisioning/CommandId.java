package io.berth.core.provisioning;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a service command. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record CommandId(UUID value) {
    public CommandId {
        requireNonNull(value, "value is null");
    }

    public static CommandId random() {
        return new CommandId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static CommandId parse(String text) {
        return new CommandId(Ids.parseUuid(text, "a service command"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

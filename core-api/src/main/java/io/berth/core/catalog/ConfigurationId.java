package io.berth.core.catalog;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a service configuration. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record ConfigurationId(UUID value) {
    public ConfigurationId {
        requireNonNull(value, "value is null");
    }

    public static ConfigurationId random() {
        return new ConfigurationId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static ConfigurationId parse(String text) {
        return new ConfigurationId(Ids.parseUuid(text, "a service configuration"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

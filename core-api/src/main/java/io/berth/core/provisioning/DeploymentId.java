package io.berth.core.provisioning;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a service deployment. Random (version 4) UUIDs: unguessable and unique across server processes. */
public record DeploymentId(UUID value) {
    public DeploymentId {
        requireNonNull(value, "value is null");
    }

    public static DeploymentId random() {
        return new DeploymentId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code text} is not a UUID
     */
    public static DeploymentId parse(String text) {
        return new DeploymentId(Ids.parseUuid(text, "a service deployment"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package io.berth.core.account;

import io.berth.core.error.Ids;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Identifies a stored SSH key. Random (version 4) UUIDs. */
public record SshKeyId(UUID value) {
    public SshKeyId {
        requireNonNull(value, "value is null");
    }

    public static SshKeyId random() {
        return new SshKeyId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID text.
     *
     * @throws io.berth.core.error.BerthException INVALID_REQUEST when {@code text} is not a UUID
     */
    public static SshKeyId parse(String text) {
        return new SshKeyId(Ids.parseUuid(text, "an SSH key"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

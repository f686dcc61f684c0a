package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * An authorized SSH public key of an account. Provisioning installs the keys of a deployment's owner
 * (parameter {@code ssh.keys}).
 *
 * @param name        a label chosen by the owner, by default the key's comment; at most {@link #MAX_NAME_LENGTH}
 * @param fingerprint {@link SshPublicKey#fingerprint()} of {@code key}; unique per account
 */
public record SshKey(SshKeyId id, AccountId account, String name, SshPublicKey key, String fingerprint,
        Instant created) {
    /** The most keys one account may hold. */
    public static final int MAX_PER_ACCOUNT = 20;
    public static final int MAX_NAME_LENGTH = 100;

    public SshKey {
        requireNonNull(id, "id is null");
        requireNonNull(account, "account is null");
        name = checkName(name == null ? "" : name);
        requireNonNull(key, "key is null");
        requireNonNull(created, "created is null");
        fingerprint = fingerprint == null ? key.fingerprint() : fingerprint;
    }

    /** A new key with the fingerprint computed from {@code key}. */
    public SshKey(SshKeyId id, AccountId account, String name, SshPublicKey key, Instant created) {
        this(id, account, name, key, null, created);
    }

    /**
     * Checks a key's name.
     *
     * @throws BerthException INVALID_REQUEST when longer than {@link #MAX_NAME_LENGTH} or with control characters
     */
    public static String checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST,
                    "an SSH key's name must be at most " + MAX_NAME_LENGTH + " characters without control characters");
        }
        return name;
    }
}

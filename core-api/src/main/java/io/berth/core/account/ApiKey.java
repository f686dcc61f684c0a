package io.berth.core.account;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A stored API key. Only the SHA-256 of the secret is kept; the full key is shown once, when made.
 *
 * @param keyId      the public part of the key, used to find it (unique)
 * @param secretHash lower-case hex SHA-256 of the whole key text
 * @param expiresAt  null for no expiry
 * @param revokedAt  null while valid
 * @param lastUsedAt null when never used
 */
public record ApiKey(
        String keyId,
        AccountId account,
        String name,
        String secretHash,
        Instant created,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public ApiKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(account, "account is null");
        name = name == null ? "" : name;
        requireNonNull(secretHash, "secretHash is null");
        requireNonNull(created, "created is null");
    }

    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}

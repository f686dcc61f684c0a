package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A stored API key. Only the SHA-256 of the secret is kept; the full key is shown once, when made.
 *
 * @param keyId      the public part of the key, used to find it (unique)
 * @param secretHash lower-case hex SHA-256 of the whole key text
 * @param expiresAt  null for no expiry
 * @param revokedAt  null while valid
 * @param lastUsedAt null when never used
 * @param scopes     what the key may be used for; never empty (an account's role may narrow it further)
 */
public record ApiKey(
        String keyId,
        AccountId account,
        String name,
        String secretHash,
        Instant created,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt,
        Set<ApiScope> scopes) {

    public ApiKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(account, "account is null");
        name = name == null ? "" : name;
        requireNonNull(secretHash, "secretHash is null");
        requireNonNull(created, "created is null");
        requireNonNull(scopes, "scopes is null");
        if (scopes.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a key needs at least one scope");
        }
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /** A key with every scope, as keys were before scopes existed. */
    public ApiKey(String keyId, AccountId account, String name, String secretHash, Instant created,
            Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        this(keyId, account, name, secretHash, created, expiresAt, revokedAt, lastUsedAt, ApiScope.all());
    }

    /** Whether the key authenticates at {@code now}: neither revoked nor expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** This key with {@code lastUsedAt} replaced. */
    public ApiKey withLastUsedAt(Instant at) {
        return new ApiKey(keyId, account, name, secretHash, created, expiresAt, revokedAt, at, scopes);
    }

    /** This key with {@code revokedAt} replaced. */
    public ApiKey withRevokedAt(Instant at) {
        return new ApiKey(keyId, account, name, secretHash, created, expiresAt, at, lastUsedAt, scopes);
    }
}

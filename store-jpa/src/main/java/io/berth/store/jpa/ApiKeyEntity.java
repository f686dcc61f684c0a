package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "api_key")
class ApiKeyEntity {
    static final int MAX_KEY_ID = 255;
    static final int MAX_SECRET_HASH = 128;

    @Id
    @Column(name = "key_id", nullable = false, length = MAX_KEY_ID)
    String keyId;

    @Column(name = "account_id", nullable = false)
    UUID accountId;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "secret_hash", nullable = false, length = MAX_SECRET_HASH)
    String secretHash;

    @Column(name = "created", nullable = false)
    Instant created;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    /** {@link ApiScope#format} of the key's scopes. */
    @Column(name = "scopes", nullable = false, length = 100)
    String scopes;

    ApiKeyEntity() {
    }

    static ApiKeyEntity of(ApiKey key) {
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.keyId = key.keyId();
        entity.accountId = key.account().value();
        entity.name = key.name();
        entity.secretHash = key.secretHash();
        entity.created = Times.stored(key.created());
        entity.expiresAt = Times.stored(key.expiresAt());
        entity.revokedAt = Times.stored(key.revokedAt());
        entity.lastUsedAt = Times.stored(key.lastUsedAt());
        entity.scopes = ApiScope.format(key.scopes());
        return entity;
    }

    ApiKey toDomain() {
        return new ApiKey(keyId, new AccountId(accountId), name, secretHash, created, expiresAt, revokedAt, lastUsedAt,
                ApiScope.parseList(scopes));
    }
}

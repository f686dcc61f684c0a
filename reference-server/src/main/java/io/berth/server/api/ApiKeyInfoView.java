package io.berth.server.api;

import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;

import java.util.List;

/**
 * A stored API key as {@code GET /api-keys} lists it: never its secret or digest. Times are ISO-8601; null
 * {@code expiresAt}, {@code lastUsedAt} and {@code revokedAt} mean never. {@code lastUsedAt} is recorded at most
 * once a minute.
 */
public record ApiKeyInfoView(String keyId, String name, List<String> scopes, String created, String expiresAt,
        String lastUsedAt, String revokedAt) {

    public static ApiKeyInfoView of(ApiKey key) {
        return new ApiKeyInfoView(key.keyId(), key.name(), key.scopes().stream().map(ApiScope::code).toList(),
                key.created().toString(), text(key.expiresAt()), text(key.lastUsedAt()), text(key.revokedAt()));
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

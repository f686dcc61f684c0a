package io.berth.client;

import java.util.List;

/**
 * A stored API key as {@code GET /api-keys} lists it; never its secret. Times are ISO-8601, null for never.
 *
 * @param lastUsedAt recorded at most once a minute
 */
public record ApiKeyView(String keyId, String name, List<String> scopes, String created, String expiresAt,
        String lastUsedAt, String revokedAt) {
}

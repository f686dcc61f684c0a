package io.berth.server.api;

import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;

import java.util.List;

/**
 * The answer to creating an API key: its public id and the whole key, shown this once, with what it may do.
 *
 * @param expiresAt ISO-8601, or null for never
 */
public record ApiKeyView(String keyId, String apiKey, String name, List<String> scopes, String created,
        String expiresAt) {

    public static ApiKeyView of(ApiKey key, String text) {
        return new ApiKeyView(key.keyId(), text, key.name(), key.scopes().stream().map(ApiScope::code).toList(),
                key.created().toString(), key.expiresAt() == null ? null : key.expiresAt().toString());
    }

    @Override
    public String toString() {
        return "ApiKeyView[keyId=" + keyId + ", apiKey=<hidden>]";
    }
}

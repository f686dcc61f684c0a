package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer to creating an API key.
 *
 * @param keyId     the public part of the key, which names it in lists and logs
 * @param apiKey    the whole key; the server shows it this once and stores only its digest
 * @param name      the key's label
 * @param scopes    what the key may do ({@code read}, {@code deploy}, {@code book}, {@code account}, {@code admin})
 * @param created   ISO-8601
 * @param expiresAt ISO-8601, or null for never
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewApiKeyView(String keyId, String apiKey, String name, List<String> scopes, String created,
        String expiresAt) {

    /** An answer with only the key (servers before scopes). */
    public NewApiKeyView(String keyId, String apiKey) {
        this(keyId, apiKey, null, null, null, null);
    }

    @Override
    public String toString() {
        return "NewApiKeyView[keyId=" + keyId + ", apiKey=<hidden>]";
    }
}

package io.berth.client;

/**
 * The answer to creating an API key.
 *
 * @param keyId  the public part of the key, which names it in lists and logs
 * @param apiKey the whole key; the server shows it this once and stores only its digest
 */
public record NewApiKeyView(String keyId, String apiKey) {
}

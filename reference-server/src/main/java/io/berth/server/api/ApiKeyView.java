package io.berth.server.api;

/** The answer to creating an API key: its public id and the whole key, shown this once. */
public record ApiKeyView(String keyId, String apiKey) {

    @Override
    public String toString() {
        return "ApiKeyView[keyId=" + keyId + ", apiKey=<hidden>]";
    }
}

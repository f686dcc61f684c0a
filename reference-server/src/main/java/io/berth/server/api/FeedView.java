package io.berth.server.api;

/** A calendar feed address with its secret; shown once, the secret is not stored in clear. */
public record FeedView(String url, String secret) {
}

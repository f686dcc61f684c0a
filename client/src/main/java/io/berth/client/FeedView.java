package io.berth.client;

/** A calendar feed address and its secret, shown once. */
public record FeedView(String url, String secret) {
}

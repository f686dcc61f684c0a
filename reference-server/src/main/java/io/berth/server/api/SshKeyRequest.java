package io.berth.server.api;

/**
 * The body of {@code POST /ssh-keys/generate}.
 *
 * @param name a label and the key's comment, at most 100 characters; by default {@code <account>@berth}
 */
public record SshKeyRequest(String name) {
}

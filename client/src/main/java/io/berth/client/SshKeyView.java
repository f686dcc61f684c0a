package io.berth.client;

/**
 * A stored SSH public key.
 *
 * @param publicKey   the OpenSSH line
 * @param fingerprint {@code SHA256:...}, as {@code ssh-keygen -lf} prints it
 */
public record SshKeyView(String id, String name, String type, int bits, String fingerprint, String publicKey,
        String created) {
}

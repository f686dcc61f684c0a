package io.berth.server.api;

import io.berth.core.account.SshKey;

/**
 * A stored SSH public key.
 *
 * @param publicKey   the OpenSSH line ({@code ssh-ed25519 AAAA... comment})
 * @param fingerprint {@code SHA256:...} as {@code ssh-keygen -lf} prints it
 * @param bits        the key size as {@code ssh-keygen -l} prints it
 */
public record SshKeyView(String id, String name, String type, int bits, String fingerprint, String publicKey,
        String created) {

    public static SshKeyView of(SshKey key) {
        return new SshKeyView(key.id().toString(), key.name(), key.key().type(), key.key().bits(), key.fingerprint(),
                key.key().line(), key.created().toString());
    }
}

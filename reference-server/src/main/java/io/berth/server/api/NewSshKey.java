package io.berth.server.api;

/**
 * The body of {@code POST /ssh-keys}.
 *
 * @param publicKey an OpenSSH public key line, e.g. the content of {@code ~/.ssh/id_ed25519.pub}; required
 * @param name      a label, at most 100 characters; by default the key's comment
 */
public record NewSshKey(String publicKey, String name) {

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST without a public key */
    public String line() {
        if (publicKey == null) {
            throw Fields.invalid("publicKey is required: an OpenSSH public key line");
        }
        return publicKey;
    }
}

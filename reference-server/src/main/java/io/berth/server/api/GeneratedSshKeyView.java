package io.berth.server.api;

/**
 * The answer to generating an SSH key pair: the stored public key and the private key in the OpenSSH format,
 * shown this once and never stored.
 */
public record GeneratedSshKeyView(SshKeyView key, String privateKey) {

    @Override
    public String toString() {
        return "GeneratedSshKeyView[key=" + key + ", privateKey=<hidden>]";
    }
}

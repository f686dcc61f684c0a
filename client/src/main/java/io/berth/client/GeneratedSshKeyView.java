package io.berth.client;

/**
 * A generated SSH key pair: the stored public key and the private key (OpenSSH format), which the server shows
 * this once and does not keep.
 */
public record GeneratedSshKeyView(SshKeyView key, String privateKey) {

    @Override
    public String toString() {
        return "GeneratedSshKeyView[key=" + key + ", privateKey=<hidden>]";
    }
}

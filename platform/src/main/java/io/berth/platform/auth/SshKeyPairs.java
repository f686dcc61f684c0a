package io.berth.platform.auth;

import io.berth.core.account.SshPublicKey;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Makes Ed25519 key pairs with the JDK and writes the private key in the unencrypted OpenSSH format
 * ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, the {@code openssh-key-v1} layout of OpenSSH's PROTOCOL.key),
 * as {@code ssh-keygen -t ed25519 -N ''} writes it.
 */
public final class SshKeyPairs {
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** The PKCS#8 prefix of an Ed25519 private key without its public key (RFC 8410); the 32-byte seed follows. */
    private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
            0x70, 0x04, 0x22, 0x04, 0x20};
    /** The X.509 prefix of an Ed25519 public key (RFC 8410); the 32-byte key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
            0x00};
    private static final int LINE_LENGTH = 70;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SshKeyPairs() {
    }

    /** A new key pair: the public key and the private key file's text. */
    public record Generated(SshPublicKey publicKey, String privateKey) {
        @Override
        public String toString() {
            return "Generated[publicKey=" + publicKey.fingerprint() + ", privateKey=<hidden>]";
        }
    }

    /**
     * Makes an Ed25519 key pair.
     *
     * @param comment stored in the private key and the public key line
     */
    public static Generated ed25519(String comment) {
        requireNonNull(comment, "comment is null");
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make Ed25519 keys", e);
        }
        byte[] publicKey = suffix(pair.getPublic().getEncoded(), X509_PREFIX);
        byte[] seed = suffix(pair.getPrivate().getEncoded(), PKCS8_PREFIX);
        SshPublicKey sshPublic = SshPublicKey.ed25519(publicKey, comment);
        byte[] blob = sshPublic.blobBytes();

        Wire secret = new Wire();
        int check = RANDOM.nextInt();
        secret.int32(check).int32(check);
        secret.string(SshPublicKey.ED25519.getBytes(StandardCharsets.US_ASCII));
        secret.string(publicKey);
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(publicKey, 0, both, 32, 32);
        secret.string(both);
        Arrays.fill(both, (byte) 0);
        secret.string(comment.getBytes(StandardCharsets.UTF_8));
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.out.write(pad);
        }

        Wire file = new Wire();
        file.out.writeBytes(MAGIC);
        file.string("none".getBytes(StandardCharsets.US_ASCII));
        file.string("none".getBytes(StandardCharsets.US_ASCII));
        file.string(new byte[0]);
        file.int32(1);
        file.string(blob);
        byte[] secretBytes = secret.out.toByteArray();
        file.string(secretBytes);
        Arrays.fill(secretBytes, (byte) 0);
        Arrays.fill(seed, (byte) 0);

        String base64 = Base64.getEncoder().encodeToString(file.out.toByteArray());
        StringBuilder text = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
            text.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
        }
        text.append("-----END OPENSSH PRIVATE KEY-----\n");
        return new Generated(sshPublic, text.toString());
    }

    private static byte[] suffix(byte[] encoded, byte[] prefix) {
        if (encoded.length != prefix.length + 32
                || !Arrays.equals(Arrays.copyOf(encoded, prefix.length), prefix)) {
            throw new IllegalStateException("unexpected encoding of an Ed25519 key from the JDK");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    /** The SSH wire encoding (RFC 4251 section 5). */
    private static final class Wire {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Wire int32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Wire string(byte[] value) {
            int32(value.length);
            out.writeBytes(value);
            return this;
        }

        int size() {
            return out.size();
        }
    }
}

package io.berth.platform.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets (link codes, login tokens, session ids) and their stored hashes. A secret carries 256 random
 * bits from {@link SecureRandom}, written as 43 base64url characters; with that much entropy a fast SHA-256 is a
 * sound hash (a slow one buys nothing against a secret that cannot be guessed), and a lookup by hash compares
 * nothing secret in application code.
 */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** The longest text taken for a secret; longer input is not a secret of ours and is not hashed. */
    static final int MAX_LENGTH = 128;

    private Secrets() {
    }

    /** A new secret of 256 bits. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code length} random lower-case base32 characters, for generated account names. */
    static String base32(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new String(out);
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a presented text can be one of our secrets at all (so that junk is not even looked up). */
    static boolean plausible(String secret) {
        return secret != null && !secret.isEmpty() && secret.length() <= MAX_LENGTH;
    }

    /** One answer for unknown, used and expired codes, so that the answer tells nothing about which. */
    static io.berth.core.error.BerthException codeInvalid() {
        return new io.berth.core.error.BerthException(io.berth.core.error.ErrorCode.CODE_INVALID,
                "the link is unknown, used already or expired; ask for a new one");
    }
}

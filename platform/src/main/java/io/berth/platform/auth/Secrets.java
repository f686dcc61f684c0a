package io.berth.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their stored form, for every secret the platform hands out (API keys, calendar feed
 * addresses, mailed link codes, login tokens, sessions, notebook sites' secrets): 256 random bits, URL-safe
 * base64 without padding, and only the lower-case hex SHA-256 kept. A secret of 256 random bits needs no slow
 * hash: nobody can guess one to try against the digest.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Secrets() {
    }

    /** A new secret of 256 random bits: 43 characters of URL-safe base64. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code length} random lower-case base32 characters (5 bits each), e.g. for generated names. */
    public static String base32(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new String(out);
    }

    /** {@code length} random characters of {@code alphabet}. */
    static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: the only form a secret is stored in. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package io.berth.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The API key format: {@code berth_<12-char key id>_<32-char secret><6-char checksum>}, base62.
 *
 * <p>The prefix makes leaked keys recognisable to secret scanners; the key id finds the stored record with
 * one indexed read; the checksum (CRC32 of everything before it) rejects typos and random strings before
 * the database is asked. The secret carries 190 bits of entropy, so a fast SHA-256 is a sound hash for it
 * (a slow password hash buys nothing against a secret that cannot be guessed).
 */
public final class ApiKeys {
    public static final String PREFIX = "berth_";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int ID_LENGTH = 12;
    private static final int SECRET_LENGTH = 32;
    private static final int CHECK_LENGTH = 6;
    private static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH + CHECK_LENGTH;

    private ApiKeys() {
    }

    /** A new key: its id and the full text to hand out once. */
    public record Generated(String keyId, String key) {
        @Override
        public String toString() {
            return "Generated[keyId=" + keyId + ", key=<hidden>]";
        }
    }

    public static Generated generate() {
        String keyId = random(ID_LENGTH);
        String body = PREFIX + keyId + "_" + random(SECRET_LENGTH);
        return new Generated(keyId, body + checksum(body));
    }

    /** The key id of a well-formed key with a valid checksum, else empty. */
    public static Optional<String> keyId(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = key.charAt(i);
            boolean separator = i == PREFIX.length() + ID_LENGTH;
            if (separator ? c != '_' : !isBase62(c)) {
                return Optional.empty();
            }
        }
        String body = key.substring(0, LENGTH - CHECK_LENGTH);
        if (!MessageDigest.isEqual(checksum(body).getBytes(StandardCharsets.US_ASCII),
                key.substring(LENGTH - CHECK_LENGTH).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH));
    }

    /** Lower-case hex SHA-256 of the whole key. */
    public static String hash(String key) {
        return Secrets.hash(key);
    }

    /** Constant-time comparison of a presented key with a stored hash. */
    public static boolean matches(String key, String storedHash) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECK_LENGTH];
        for (int i = CHECK_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    private static String random(int length) {
        return Secrets.random(ALPHABET, length);
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}

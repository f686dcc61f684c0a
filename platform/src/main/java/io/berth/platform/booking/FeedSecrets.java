package io.berth.platform.booking;

import io.berth.platform.auth.Secrets;


/**
 * Secrets of calendar feed URLs: 256 random bits, URL-safe; only their SHA-256 is stored. A calendar program
 * sends no Authorization header, so the secret in the URL is the credential; it can be rotated at any time.
 */
final class FeedSecrets {
    private static final int LENGTH = 43;

    private FeedSecrets() {
    }

    static String generate() {
        return Secrets.generate();
    }

    static boolean isWellFormed(String secret) {
        return secret != null && secret.length() == LENGTH
                && secret.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    static String hash(String secret) {
        return Secrets.hash(secret);
    }
}

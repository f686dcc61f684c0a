package io.berth.platform.signin;

import java.security.SecureRandom;

/**
 * Random secrets (link codes, login tokens, session ids) and their stored hashes. A secret carries 256 random
 * bits from {@link SecureRandom}, written as 43 base64url characters; with that much entropy a fast SHA-256 is a
 * sound hash (a slow one buys nothing against a secret that cannot be guessed), and a lookup by hash compares
 * nothing secret in application code.
 */
final class Secrets {
    /** The longest text taken for a secret; longer input is not a secret of ours and is not hashed. */
    static final int MAX_LENGTH = 128;

    private Secrets() {
    }

    /** A new secret of 256 bits. */
    static String generate() {
        return io.berth.platform.auth.Secrets.generate();
    }

    /** {@code length} random lower-case base32 characters, for generated account names. */
    static String base32(int length) {
        return io.berth.platform.auth.Secrets.base32(length);
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
    static String hash(String secret) {
        return io.berth.platform.auth.Secrets.hash(secret);
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

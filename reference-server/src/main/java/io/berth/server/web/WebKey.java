package io.berth.server.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The server's key for what the web pages sign: CSRF tokens and the OAuth flow cookie. It comes from
 * {@code BERTH_SECRET_WEB} or from {@code <data>/web.key} (made with mode 0600 on first start), so that
 * servers sharing a data folder or the variable accept each other's cookies. Values are never logged.
 */
public final class WebKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private WebKey(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the web key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A key of these bytes (at least 32). */
    public static WebKey of(byte[] key) {
        return new WebKey(key.clone());
    }

    /**
     * The configured key, else the one in {@code file}, made on first use.
     *
     * @param configured the value of {@code BERTH_SECRET_WEB}, at least 32 characters, or empty
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static WebKey load(Optional<String> configured, Path file) {
        requireNonNull(file, "file is null");
        if (configured.isPresent()) {
            return new WebKey(configured.get().getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!Files.exists(file)) {
                String made = randomToken(32);
                try {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Files.writeString(file, made, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: its own access rules apply
                    }
                } catch (FileAlreadyExistsException e) {
                    // another server made it first: use theirs
                }
            }
            return new WebKey(Files.readString(file, StandardCharsets.US_ASCII).strip()
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the web key " + file, e);
        }
    }

    /** {@code bytes} random bytes, base64url without padding. */
    public static String randomToken(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return B64.encodeToString(value);
    }

    /** The MAC of {@code purpose} and {@code value}, base64url. */
    public String sign(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return B64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code mac} is the MAC of {@code purpose} and {@code value}, compared in constant time. */
    public boolean verify(String purpose, String value, String mac) {
        if (value == null || mac == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(purpose, value).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    /** The key is never shown. */
    @Override
    public String toString() {
        return "WebKey[<hidden>]";
    }
}

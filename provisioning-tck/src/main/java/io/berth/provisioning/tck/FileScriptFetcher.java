package io.berth.provisioning.tck;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ScriptFetcher;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A {@link ScriptFetcher} for tests that serves {@code file:} URLs only: it reads the file, checks its
 * SHA-256 digest and keeps a read-only copy named after the digest in a cache folder.
 *
 * <p>Thread safe: concurrent fetches of one digest each write a private temporary file and move it into
 * place atomically, so a reader never sees a half-written copy.
 */
public final class FileScriptFetcher implements ScriptFetcher {

    private final Path cacheDirectory;

    /**
     * @param cacheDirectory an existing, writable folder that receives the verified copies; never null
     */
    public FileScriptFetcher(Path cacheDirectory) {
        this.cacheDirectory = requireNonNull(cacheDirectory, "cacheDirectory is null");
    }

    /**
     * Returns the verified copy of a {@code file:} script.
     *
     * @throws ProviderException with {@link ErrorCode#SCRIPT_FETCH_FAILED} for another scheme or an
     *                           unreadable file, or {@link ErrorCode#SCRIPT_CHECKSUM_MISMATCH} when the
     *                           bytes do not match the digest (no copy is kept then)
     */
    @Override
    public Path fetch(ScriptSource.Fetched source) {
        requireNonNull(source, "source is null");
        String scheme = source.url().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file")) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED,
                    "the test fetcher reads file: URLs only, not " + source.url());
        }
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(source.url()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "cannot read script " + source.url(), e);
        }
        String actual = sha256(content);
        if (!actual.equals(source.sha256())) {
            throw new ProviderException(ErrorCode.SCRIPT_CHECKSUM_MISMATCH, "script " + source.url()
                    + " has SHA-256 " + actual + " but " + source.sha256() + " was expected");
        }
        Path target = cacheDirectory.resolve(actual);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Path partial = Files.createTempFile(cacheDirectory, actual, ".partial");
            Files.write(partial, content);
            makeReadOnlyExecutable(partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "cannot store script " + source.url(), e);
        }
    }

    /** The lower-case hexadecimal SHA-256 digest of {@code content}, as {@link ScriptSource.Fetched} expects it. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void makeReadOnlyExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the copy stays as created, which is good enough for tests.
        }
    }
}

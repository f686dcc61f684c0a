package io.berth.platform.provider;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ScriptFetcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Downloads scripts into a cache folder named by their SHA-256 digest. A cached file is used only after
 * its digest is checked again, so a tampered cache is noticed; bytes that do not match are never kept.
 */
public final class CachingScriptFetcher implements ScriptFetcher {
    /** Scripts are small; a limit stops a wrong URL from filling the disk. */
    public static final long MAX_SCRIPT_BYTES = 10L * 1024 * 1024;

    private final Path cache;
    private final Set<String> allowedSchemes;
    private final HttpClient http;

    /**
     * @param allowedSchemes URL schemes that may be fetched, e.g. {@code https}; operators add {@code http}
     *                       or {@code file} deliberately
     */
    public CachingScriptFetcher(Path cache, Set<String> allowedSchemes, Duration timeout) {
        this.cache = requireNonNull(cache, "cache is null");
        this.allowedSchemes = Set.copyOf(allowedSchemes);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public Path fetch(ScriptSource.Fetched source) {
        String scheme = source.url().getScheme().toLowerCase(Locale.ROOT);
        if (!allowedSchemes.contains(scheme)) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "fetching " + scheme + " URLs is not allowed here ("
                    + source.url() + "); allowed: " + allowedSchemes);
        }
        Path target = cache.resolve(source.sha256());
        try {
            Files.createDirectories(cache);
            if (Files.isRegularFile(target)) {
                if (sha256(target).equals(source.sha256())) {
                    return target;
                }
                Files.deleteIfExists(target);
            }
            Path partial = Files.createTempFile(cache, source.sha256(), ".part");
            try {
                download(source.url(), partial);
                String actual = sha256(partial);
                if (!actual.equals(source.sha256())) {
                    throw new ProviderException(ErrorCode.SCRIPT_CHECKSUM_MISMATCH, "script " + source.url()
                            + " has sha256 " + actual + ", expected " + source.sha256());
                }
                setReadOnly(partial);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "cannot fetch " + source.url() + ": " + e.getMessage(), e);
        }
    }

    private void download(URI url, Path target) throws IOException {
        if (url.getScheme().equalsIgnoreCase("file")) {
            try (InputStream in = Files.newInputStream(Path.of(url))) {
                copyBounded(in, target, url);
            }
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(1)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP status " + response.statusCode());
                }
                copyBounded(in, target, url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void copyBounded(InputStream in, Path target, URI url) throws IOException {
        try (var out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > MAX_SCRIPT_BYTES) {
                    throw new IOException(url + " is larger than " + MAX_SCRIPT_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void setReadOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-x---"));
        } catch (UnsupportedOperationException e) {
            file.toFile().setReadOnly();
        }
    }
}

package io.berth.provisioning.spi;

import io.berth.core.catalog.ScriptSource;

import java.nio.file.Path;

/** Brings fetched scripts to the local disk. Thread safe. */
@FunctionalInterface
public interface ScriptFetcher {

    /**
     * Returns a local, read-only copy of the script whose SHA-256 digest equals {@code source.sha256()}.
     * Implementations may cache by digest.
     *
     * @param source never null
     * @return the path of the verified copy, never null
     * @throws ProviderException with {@link io.berth.core.error.ErrorCode#SCRIPT_FETCH_FAILED} when it
     *                           cannot be downloaded, or {@link io.berth.core.error.ErrorCode#SCRIPT_CHECKSUM_MISMATCH}
     *                           when the bytes do not match the digest (nothing is kept in that case)
     */
    Path fetch(ScriptSource.Fetched source);
}

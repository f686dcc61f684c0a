package io.berth.provisioning.spi;

import java.nio.file.Path;
import java.time.Clock;

/** Services the host offers to providers. All methods return non-null values and are thread safe. */
public interface ProviderContext {

    /** The host's clock; providers read time from it, never from the system directly. */
    Clock clock();

    /** A logger for the provider. Secrets and tokens must never be logged. */
    System.Logger logger(String name);

    /** Secrets the operator configured (passwords, tokens), by name. */
    SecretResolver secrets();

    /** Downloads scripts and verifies their digest. */
    ScriptFetcher scripts();

    /** A folder private to this provider for its working files; it exists and is writable. */
    Path workDirectory();
}

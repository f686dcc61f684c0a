package io.berth.platform.provider;

import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ScriptFetcher;
import io.berth.provisioning.spi.SecretResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The services a host gives its providers. */
public record HostContext(Clock clock, SecretResolver secrets, ScriptFetcher scripts, Path workDirectory)
        implements ProviderContext {

    public HostContext {
        requireNonNull(clock, "clock is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(scripts, "scripts is null");
        requireNonNull(workDirectory, "workDirectory is null");
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDirectory, e);
        }
    }

    @Override
    public System.Logger logger(String name) {
        return System.getLogger(name);
    }
}

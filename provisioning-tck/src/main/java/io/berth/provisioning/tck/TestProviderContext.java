package io.berth.provisioning.tck;

import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ScriptFetcher;
import io.berth.provisioning.spi.SecretResolver;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A {@link ProviderContext} for tests: a given (e.g. fixed) or the system clock, {@link System#getLogger}
 * loggers, secrets from a map, a {@link FileScriptFetcher} for {@code file:} scripts, and a fresh temporary
 * work directory.
 *
 * <p>All its files live in one temporary folder that {@link #close()} deletes. Thread safe.
 *
 * <pre>{@code
 * try (TestProviderContext context = TestProviderContext.builder()
 *         .clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC))
 *         .secret("token", "s3cret")
 *         .build()) {
 *     Provider provider = factory.create(Map.of(), context);
 * }
 * }</pre>
 */
public final class TestProviderContext implements ProviderContext, AutoCloseable {

    private final Clock clock;
    private final Map<String, String> secrets;
    private final Path root;
    private final Path workDirectory;
    private final Path fetchedScripts;
    private final ScriptFetcher scripts;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A context with the system UTC clock, no secrets and the {@code file:} script fetcher. */
    public TestProviderContext() {
        this(builder());
    }

    private TestProviderContext(Builder builder) {
        this.clock = builder.clock;
        this.secrets = Map.copyOf(builder.secrets);
        try {
            this.root = Files.createTempDirectory("berth-provider-test-");
            this.workDirectory = Files.createDirectory(root.resolve("work"));
            this.fetchedScripts = Files.createDirectory(root.resolve("fetched-scripts"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary folders of a test context", e);
        }
        this.scripts = builder.scripts != null ? builder.scripts : new FileScriptFetcher(fetchedScripts);
    }

    /** Starts a context with the system UTC clock, no secrets and the {@code file:} script fetcher. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public System.Logger logger(String name) {
        return System.getLogger(requireNonNull(name, "name is null"));
    }

    @Override
    public SecretResolver secrets() {
        return name -> Optional.ofNullable(secrets.get(requireNonNull(name, "name is null")));
    }

    @Override
    public ScriptFetcher scripts() {
        return scripts;
    }

    @Override
    public Path workDirectory() {
        return workDirectory;
    }

    /** The folder where the default fetcher keeps verified copies of fetched scripts. */
    public Path fetchedScripts() {
        return fetchedScripts;
    }

    /** Deletes every file of this context, as far as it can. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            deleteRecursively(root);
        }
    }

    /**
     * Deletes a file or folder tree, making folders accessible first so that read-only leftovers of a task
     * do not stop it. Best effort: what cannot be deleted stays in the temporary folder.
     */
    private static void deleteRecursively(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            File folder = path.toFile();
            folder.setReadable(true, true);
            folder.setWritable(true, true);
            folder.setExecutable(true, true);
            try (Stream<Path> children = Files.list(path)) {
                children.toList().forEach(TestProviderContext::deleteRecursively);
            } catch (IOException e) {
                // Best effort, see above.
            }
        }
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: leftovers in the temporary folder are harmless.
        }
    }

    /** Configures a {@link TestProviderContext}. Not thread safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> secrets = new HashMap<>();
        private ScriptFetcher scripts;

        private Builder() {
        }

        /** The clock providers read; e.g. {@code Clock.fixed(...)}. The default is the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** Adds one secret the provider can resolve. */
        public Builder secret(String name, String value) {
            secrets.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Adds secrets the provider can resolve. */
        public Builder secrets(Map<String, String> secrets) {
            requireNonNull(secrets, "secrets is null").forEach(this::secret);
            return this;
        }

        /**
         * Replaces the default {@link FileScriptFetcher}, e.g. with one that fails or misbehaves on purpose.
         */
        public Builder scripts(ScriptFetcher scripts) {
            this.scripts = requireNonNull(scripts, "scripts is null");
            return this;
        }

        /** Creates the context and its temporary folders. */
        public TestProviderContext build() {
            return new TestProviderContext(this);
        }
    }
}

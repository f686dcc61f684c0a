package io.berth.provisioning.local;

import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.ServiceTask;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Creates the {@code local} provider, which runs {@code script} tasks as processes on the server's own
 * machine; see {@link LocalProvider}.
 *
 * <p>Settings, all optional:
 * <ul>
 *   <li>{@value #SCRIPT_ROOT}: the folder of pre-installed scripts, absolute or relative to the server's
 *       working directory; default {@code <workDirectory>/scripts}, which is created when missing;</li>
 *   <li>{@value #OUTPUT_LIMIT}: characters of output kept per task, from 1024 to
 *       {@link ServiceTask#MAX_OUTPUT_CHARS} (the default); longer output keeps its head and tail;</li>
 *   <li>{@value #KILL_GRACE}: how long a stopped task's processes may take to exit before they are killed,
 *       as an ISO-8601 duration ({@code PT5S}) or a number of seconds, up to five minutes; default
 *       {@code PT2S}.</li>
 * </ul>
 * Any other setting is refused, so that a misspelt one is not silently ignored.
 */
public final class LocalProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "local";
    /** Setting: the folder of pre-installed scripts. */
    public static final String SCRIPT_ROOT = "script.root";
    /** Setting: characters of output kept per task. */
    public static final String OUTPUT_LIMIT = "output.limit";
    /** Setting: the grace period between asking a process tree to stop and killing it. */
    public static final String KILL_GRACE = "kill.grace";

    /** Used by {@link java.util.ServiceLoader}. */
    public LocalProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} for an unknown setting or a bad value
     */
    @Override
    public Provider create(Map<String, String> settings, ProviderContext context) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        LocalSettings parsed = LocalSettings.parse(settings, context.workDirectory());
        System.Logger logger = context.logger(LocalProvider.class.getName());
        if (!settings.containsKey(SCRIPT_ROOT)) {
            try {
                Files.createDirectories(parsed.scriptRoot());
            } catch (IOException e) {
                // health() reports the missing root; fetched scripts can still run.
                logger.log(System.Logger.Level.WARNING, "cannot create the script root " + parsed.scriptRoot(), e);
            }
        }
        if (!Files.isDirectory(parsed.scriptRoot())) {
            logger.log(System.Logger.Level.WARNING, "script root " + parsed.scriptRoot()
                    + " does not exist; installed scripts cannot run until it does");
        }
        return new LocalProvider(parsed, context);
    }
}

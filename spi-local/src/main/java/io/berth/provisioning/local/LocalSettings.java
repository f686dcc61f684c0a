package io.berth.provisioning.local;

import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.ServiceTask;
import io.berth.provisioning.spi.ProviderException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The parsed settings of the local provider.
 *
 * @param scriptRoot  absolute folder of the pre-installed scripts
 * @param outputLimit characters of output kept per task
 * @param killGrace   how long a stopped process tree may take to exit before it is killed forcibly
 */
record LocalSettings(Path scriptRoot, int outputLimit, Duration killGrace) {

    /** Below this, the head, the tail and the marker of dropped output no longer fit. */
    static final int MIN_OUTPUT_LIMIT = 1024;
    static final Duration MAX_KILL_GRACE = Duration.ofMinutes(5);
    static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    LocalSettings {
        requireNonNull(scriptRoot, "scriptRoot is null");
        requireNonNull(killGrace, "killGrace is null");
    }

    /**
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} for an unknown name or a bad value
     */
    static LocalSettings parse(Map<String, String> settings, Path workDirectory) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(Set.of(LocalProviderFactory.SCRIPT_ROOT, LocalProviderFactory.OUTPUT_LIMIT,
                LocalProviderFactory.KILL_GRACE));
        if (!unknown.isEmpty()) {
            // A misspelt setting would otherwise be ignored silently and its default used.
            throw invalid("unknown settings " + unknown + "; the local provider reads "
                    + LocalProviderFactory.SCRIPT_ROOT + ", " + LocalProviderFactory.OUTPUT_LIMIT + " and "
                    + LocalProviderFactory.KILL_GRACE);
        }
        return new LocalSettings(
                scriptRoot(settings.get(LocalProviderFactory.SCRIPT_ROOT), workDirectory),
                outputLimit(settings.get(LocalProviderFactory.OUTPUT_LIMIT)),
                killGrace(settings.get(LocalProviderFactory.KILL_GRACE)));
    }

    private static Path scriptRoot(String value, Path workDirectory) {
        if (value == null) {
            return workDirectory.resolve("scripts").toAbsolutePath().normalize();
        }
        if (value.isBlank()) {
            throw invalid(LocalProviderFactory.SCRIPT_ROOT + " is empty");
        }
        try {
            return Path.of(value.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(LocalProviderFactory.SCRIPT_ROOT + " is not a path: '" + value + "'");
        }
    }

    private static int outputLimit(String value) {
        if (value == null) {
            return ServiceTask.MAX_OUTPUT_CHARS;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(LocalProviderFactory.OUTPUT_LIMIT + " is not a number: '" + value + "'");
        }
        if (limit < MIN_OUTPUT_LIMIT || limit > ServiceTask.MAX_OUTPUT_CHARS) {
            throw invalid(LocalProviderFactory.OUTPUT_LIMIT + " must be between " + MIN_OUTPUT_LIMIT + " and "
                    + ServiceTask.MAX_OUTPUT_CHARS + ": " + limit);
        }
        return limit;
    }

    private static Duration killGrace(String value) {
        if (value == null) {
            return DEFAULT_KILL_GRACE;
        }
        String text = value.strip();
        Duration grace;
        try {
            grace = text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(LocalProviderFactory.KILL_GRACE + " is neither an ISO-8601 duration nor a number of"
                    + " seconds: '" + value + "'");
        }
        if (grace.isNegative() || grace.compareTo(MAX_KILL_GRACE) > 0) {
            throw invalid(LocalProviderFactory.KILL_GRACE + " must be between PT0S and " + MAX_KILL_GRACE + ": "
                    + value);
        }
        return grace;
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, message);
    }
}

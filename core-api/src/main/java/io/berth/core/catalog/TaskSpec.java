package io.berth.core.catalog;

import io.berth.core.error.Checks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link ServiceConfiguration}.
 *
 * @param name        unique within its list, a slug
 * @param kind        routes the task to the provider that declares this kind (e.g. {@code script})
 * @param script      the script to run, or {@code null} for kinds that run no script
 * @param interpreter program that runs the script ({@code sh}, {@code bash}, {@code python3}), or
 *                    {@code null} to execute the script itself
 * @param arguments   passed after the script
 * @param environment extra environment variables for the task
 * @param settings    kind-specific settings read by the provider (never passed to a shell)
 * @param timeout     how long one attempt may take before it is killed
 * @param retries     further attempts after a failed one (0-10)
 * @param retryBackoff wait before the first retry; doubled for each further one
 * @param repeatable  whether running the task twice is safe; after a crash a running task that is not
 *                    repeatable is failed as "interrupted" instead of being run again
 */
public record TaskSpec(
        String name,
        String kind,
        ScriptSource script,
        String interpreter,
        List<String> arguments,
        Map<String, String> environment,
        Map<String, String> settings,
        Duration timeout,
        int retries,
        Duration retryBackoff,
        boolean repeatable) {

    public static final String SCRIPT_KIND = "script";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    public TaskSpec {
        Checks.name(name, "task.name");
        kind = kind == null ? SCRIPT_KIND : Checks.name(kind, "task.kind");
        if (interpreter != null && (interpreter.isBlank() || interpreter.length() > 256 || interpreter.contains("\0"))) {
            throw Checks.invalid("task.interpreter must be 1-256 characters");
        }
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        if (arguments.size() > 64) {
            throw Checks.invalid("task.arguments has more than 64 entries");
        }
        for (String argument : arguments) {
            if (argument.length() > 4096 || argument.contains("\0")) {
                throw Checks.invalid("task.arguments entries must be at most 4096 characters without NUL");
            }
        }
        environment = Checks.environment(environment, "task.environment");
        settings = Checks.parameters(settings, "task.settings");
        timeout = timeout == null ? DEFAULT_TIMEOUT : Checks.positive(timeout, "task.timeout", MAX_TIMEOUT);
        Checks.range(retries, "task.retries", 0, 10);
        retryBackoff = retryBackoff == null ? DEFAULT_BACKOFF
                : Checks.positive(retryBackoff, "task.retryBackoff", Duration.ofHours(1));
    }

    /** A script task run by {@code interpreter}, with defaults for everything else. */
    public static TaskSpec script(String name, ScriptSource script, String interpreter) {
        return new TaskSpec(name, SCRIPT_KIND, script, interpreter, List.of(), Map.of(), Map.of(),
                DEFAULT_TIMEOUT, 0, DEFAULT_BACKOFF, false);
    }

    public TaskSpec withRetries(int retries, Duration backoff) {
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                backoff, repeatable);
    }

    public TaskSpec withTimeout(Duration timeout) {
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    public TaskSpec withRepeatable(boolean repeatable) {
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    public TaskSpec withArguments(List<String> arguments) {
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    public TaskSpec withEnvironment(Map<String, String> environment) {
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    /** The delay before attempt {@code attempt + 1}, given that attempt {@code attempt} (1-based) failed. */
    public Duration backoffAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 16));
        Duration delay = retryBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay;
    }
}

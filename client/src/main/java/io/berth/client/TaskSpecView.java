package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of a configuration, as read from the server and as sent to it.
 *
 * <p>When sending, {@code null} (and empty collections) leave a field out so that the server applies its
 * defaults: {@code kind} script, {@code timeout} PT10M, {@code retries} 0, {@code retryBackoff} PT1S,
 * {@code repeatable} false.
 *
 * @param kind        which provider runs the task; {@code null} means {@code script}
 * @param interpreter the program that runs the script ({@code sh}, {@code python3}), or {@code null} to
 *                    execute the script itself
 * @param settings    kind-specific settings read by the provider
 * @param retries     further attempts after a failed one
 * @param retryBackoff the wait before the first retry, doubled for each further one
 * @param repeatable  whether running the task twice is safe
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskSpecView(
        String name,
        String kind,
        ScriptView script,
        String interpreter,
        List<String> arguments,
        Map<String, String> environment,
        Map<String, String> settings,
        Duration timeout,
        Integer retries,
        Duration retryBackoff,
        Boolean repeatable) {

    public TaskSpecView {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        environment = ordered(environment);
        settings = ordered(settings);
    }

    /** A script task with the server's defaults for everything else. */
    public static TaskSpecView script(String name, ScriptView script, String interpreter) {
        return new TaskSpecView(name, null, script, interpreter, null, null, null, null, null, null, null);
    }

    public TaskSpecView withTimeout(Duration timeout) {
        return new TaskSpecView(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    public TaskSpecView withRetries(Integer retries) {
        return new TaskSpecView(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    public TaskSpecView withRepeatable(Boolean repeatable) {
        return new TaskSpecView(name, kind, script, interpreter, arguments, environment, settings, timeout, retries,
                retryBackoff, repeatable);
    }

    // Insertion order is kept so that a configuration prints back the way it was written.
    static Map<String, String> ordered(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

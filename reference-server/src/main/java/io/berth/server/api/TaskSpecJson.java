package io.berth.server.api;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task of a configuration, in and out of the API. In requests every field but {@code name} may be left
 * out for its default ({@code kind} script, {@code timeout} PT10M, {@code retries} 0, {@code retryBackoff}
 * PT1S, {@code repeatable} false); durations are ISO-8601 text.
 */
public record TaskSpecJson(
        String name,
        String kind,
        ScriptJson script,
        String interpreter,
        List<String> arguments,
        Map<String, String> environment,
        Map<String, String> settings,
        String timeout,
        Integer retries,
        String retryBackoff,
        Boolean repeatable) {

    public static TaskSpecJson of(TaskSpec spec) {
        return new TaskSpecJson(spec.name(), spec.kind(), spec.script() == null ? null : ScriptJson.of(spec.script()),
                spec.interpreter(), spec.arguments(), new TreeMap<>(spec.environment()), new TreeMap<>(spec.settings()),
                spec.timeout().toString(), spec.retries(), spec.retryBackoff().toString(), spec.repeatable());
    }

    /**
     * @param field where this task sits in the request, e.g. {@code installTasks[0]}, for messages
     * @throws BerthException INVALID_REQUEST naming the field at fault
     */
    public TaskSpec toDomain(String field) {
        try {
            ScriptSource source = script == null ? null : script.toDomain("script");
            if (arguments != null && arguments.contains(null)) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "arguments may not contain null");
            }
            return new TaskSpec(name, kind, source, interpreter, arguments, environment, settings,
                    Fields.duration(timeout, "timeout"), retries == null ? 0 : retries,
                    Fields.duration(retryBackoff, "retryBackoff"), repeatable != null && repeatable);
        } catch (BerthException e) {
            throw new BerthException(e.errorCode(), field + ": " + e.getMessage(), e);
        }
    }
}

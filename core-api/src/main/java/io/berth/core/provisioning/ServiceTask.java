package io.berth.core.provisioning;

import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.state.State;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One execution of one step of a command: the task at {@code index} of {@code phase} in
 * {@code configuration}.
 *
 * @param seq        position within the command, from 0
 * @param attempt    attempts started so far (0 before the first)
 * @param startedAt  start of the current or last attempt, or null
 * @param finishedAt end of the last attempt, or null
 * @param exitCode   of the last attempt, or null
 * @param output     bounded output of the last attempt, never null
 * @param reason     why the task is in its state, never null
 */
public record ServiceTask(
        TaskId id,
        CommandId command,
        int seq,
        ConfigurationId configuration,
        TaskPhase phase,
        int index,
        String name,
        String kind,
        State state,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String output,
        String reason) {

    /** Output kept per task; longer output keeps its head and tail. */
    public static final int MAX_OUTPUT_CHARS = 64 * 1024;

    public ServiceTask {
        requireNonNull(id, "id is null");
        requireNonNull(command, "command is null");
        requireNonNull(configuration, "configuration is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
        output = bound(output == null ? "" : output);
        reason = reason == null ? "" : reason;
    }

    /** The task started attempt {@code attempt + 1}. */
    public ServiceTask started(Instant at) {
        State next = state == State.PENDING ? State.PENDING : state.moveTo(State.PENDING);
        return new ServiceTask(id, command, seq, configuration, phase, index, name, kind, next, attempt + 1, at, null,
                null, "", "");
    }

    /** The task waits for a retry; it stays PENDING with the failed attempt's result. */
    public ServiceTask retryLater(Integer exitCode, String output, String reason, Instant at) {
        return new ServiceTask(id, command, seq, configuration, phase, index, name, kind, state, attempt, startedAt, at,
                exitCode, output, reason);
    }

    public ServiceTask finished(State target, Integer exitCode, String output, String reason, Instant at) {
        return new ServiceTask(id, command, seq, configuration, phase, index, name, kind, state.moveTo(target), attempt,
                startedAt, at, exitCode, output, reason);
    }

    /** Keeps the head and the tail of long output, with a marker of what was dropped. */
    public static String bound(String output) {
        if (output.length() <= MAX_OUTPUT_CHARS) {
            return output;
        }
        int keep = MAX_OUTPUT_CHARS / 2 - 64;
        int dropped = output.length() - 2 * keep;
        return output.substring(0, keep) + "\n... [" + dropped + " characters dropped] ...\n"
                + output.substring(output.length() - keep);
    }
}

package io.berth.core.provisioning;

import io.berth.core.state.State;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One step of a command's progress, numbered from 1 within the command so that a reader can resume
 * after the last number it saw.
 *
 * @param task     the task the event is about, or null for the command itself
 * @param taskName the task's name, or null
 * @param state    the state after the event
 * @param attempt  the task's attempt, 0 for command events
 */
public record CommandEvent(
        CommandId command,
        long seq,
        Instant at,
        Type type,
        TaskId task,
        String taskName,
        State state,
        int attempt,
        String message) {

    public enum Type {
        /** The command changed state. */
        COMMAND,
        /** A task changed state (including a new attempt). */
        TASK,
        /** A provider reported progress inside a running task. */
        PROGRESS
    }

    public CommandEvent {
        requireNonNull(command, "command is null");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive: " + seq);
        }
        requireNonNull(at, "at is null");
        requireNonNull(type, "type is null");
        requireNonNull(state, "state is null");
        message = message == null ? "" : (message.length() > 2000 ? message.substring(0, 2000) : message);
    }
}

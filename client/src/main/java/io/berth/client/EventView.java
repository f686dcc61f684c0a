package io.berth.client;

import io.berth.core.state.State;

import java.time.Instant;

/**
 * One step of a command's progress, as streamed by {@code GET /commands/{id}/events}.
 *
 * @param seq      the event's number within its command, from 1; also the SSE {@code id}
 * @param type     {@code command}, {@code task} or {@code progress} (a step a provider reported inside
 *                 a running task)
 * @param task     the id of the task the event is about, or {@code null} for command events
 * @param taskName the task's name, or {@code null} for command events
 * @param state    the state after the event
 * @param attempt  the task's attempt, 0 for command events
 */
public record EventView(
        long seq,
        Instant at,
        String type,
        String task,
        String taskName,
        State state,
        int stateCode,
        int attempt,
        String message) {

    /** The {@code type} of an event that changes the command's own state. */
    public static final String COMMAND = "command";
    /** The {@code type} of an event that changes a task's state. */
    public static final String TASK = "task";
    /** The {@code type} of a step reported inside a running task. */
    public static final String PROGRESS = "progress";
}

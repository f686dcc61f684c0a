package io.berth.client;

import io.berth.core.state.State;

import java.time.Instant;

/**
 * One task of a command, in the order the command runs them.
 *
 * @param seq      the position of the task within its command, from 0
 * @param phase    {@code install} or {@code remove}
 * @param attempt  the current or last attempt, from 1; 0 while the task has not started
 * @param exitCode the exit code of the last attempt, or {@code null} when there is none
 * @param output   the tail of the task's output
 * @param reason   why the task failed or was withdrawn, else empty
 */
public record TaskView(
        String id,
        int seq,
        String phase,
        String name,
        String kind,
        State state,
        int stateCode,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String output,
        String reason) {
}

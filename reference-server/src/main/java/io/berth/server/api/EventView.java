package io.berth.server.api;

import io.berth.core.provisioning.CommandEvent;

import java.time.Instant;
import java.util.Locale;

/**
 * One progress event of a command, the {@code data} of a server-sent event.
 *
 * @param type     {@code command}, {@code task} or {@code progress}
 * @param task     the task's id, null for command events
 * @param taskName the task's name, null for command events
 */
public record EventView(
        long seq,
        Instant at,
        String type,
        String task,
        String taskName,
        String state,
        int stateCode,
        int attempt,
        String message) {

    public static EventView of(CommandEvent event) {
        return new EventView(event.seq(), event.at(), event.type().name().toLowerCase(Locale.ROOT),
                event.task() == null ? null : event.task().toString(), event.taskName(), event.state().name(),
                event.state().code(), event.attempt(), event.message());
    }
}

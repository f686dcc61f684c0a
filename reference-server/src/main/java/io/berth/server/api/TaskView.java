package io.berth.server.api;

import io.berth.core.provisioning.ServiceTask;

import java.time.Instant;
import java.util.Locale;

/** One task of a command with the result of its last attempt. */
public record TaskView(
        String id,
        int seq,
        String phase,
        String name,
        String kind,
        String state,
        int stateCode,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String output,
        String reason) {

    public static TaskView of(ServiceTask task) {
        return new TaskView(task.id().toString(), task.seq(), task.phase().name().toLowerCase(Locale.ROOT), task.name(),
                task.kind(), task.state().name(), task.state().code(), task.attempt(), task.startedAt(),
                task.finishedAt(), task.exitCode(), task.output(), task.reason());
    }
}

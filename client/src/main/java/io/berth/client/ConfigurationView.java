package io.berth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One immutable version of a plan's configuration.
 *
 * @param plan    the plan's name
 * @param version 1 for the first configuration of a plan, then counting up
 */
public record ConfigurationView(
        String id,
        String plan,
        int version,
        Instant created,
        List<TaskSpecView> installTasks,
        List<TaskSpecView> removeTasks,
        TaskSpecView healthCheck,
        Duration healthInterval) {

    public ConfigurationView {
        installTasks = installTasks == null ? List.of() : List.copyOf(installTasks);
        removeTasks = removeTasks == null ? List.of() : List.copyOf(removeTasks);
    }

    /** The same tasks as a request, e.g. to store them as the next version after a change. */
    public ConfigurationRequest toRequest() {
        return new ConfigurationRequest(installTasks, removeTasks, healthCheck, healthInterval);
    }
}

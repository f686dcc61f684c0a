package io.berth.server.api;

import io.berth.core.catalog.ServiceConfiguration;

import java.time.Instant;
import java.util.List;

/** A stored configuration version of a plan, as the API shows it. */
public record ConfigurationView(
        String id,
        String plan,
        int version,
        Instant created,
        List<TaskSpecJson> installTasks,
        List<TaskSpecJson> removeTasks,
        TaskSpecJson healthCheck,
        String healthInterval) {

    public static ConfigurationView of(ServiceConfiguration configuration, String planName) {
        return new ConfigurationView(configuration.id().toString(), planName, configuration.version(),
                configuration.created(),
                configuration.installTasks().stream().map(TaskSpecJson::of).toList(),
                configuration.removeTasks().stream().map(TaskSpecJson::of).toList(),
                configuration.healthCheckTask().map(TaskSpecJson::of).orElse(null),
                configuration.healthInterval().toString());
    }
}

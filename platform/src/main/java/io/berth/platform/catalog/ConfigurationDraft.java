package io.berth.platform.catalog;

import io.berth.core.catalog.TaskSpec;

import java.time.Duration;
import java.util.List;

/** A configuration as an admin submits it; the service assigns id, version and time. */
public record ConfigurationDraft(List<TaskSpec> installTasks, List<TaskSpec> removeTasks, TaskSpec healthCheck,
        Duration healthInterval) {

    public ConfigurationDraft {
        installTasks = installTasks == null ? List.of() : List.copyOf(installTasks);
        removeTasks = removeTasks == null ? List.of() : List.copyOf(removeTasks);
    }
}

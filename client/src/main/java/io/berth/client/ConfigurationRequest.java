package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.List;

/**
 * The body of {@code POST /plans/{name}/configurations}, and the {@code configuration} of a new plan.
 *
 * @param healthCheck    a task run periodically against each deployment, or {@code null}
 * @param healthInterval how often the health check runs, or {@code null} for the server's default (PT1M)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConfigurationRequest(
        List<TaskSpecView> installTasks,
        List<TaskSpecView> removeTasks,
        TaskSpecView healthCheck,
        Duration healthInterval) {

    public ConfigurationRequest {
        installTasks = installTasks == null ? List.of() : List.copyOf(installTasks);
        removeTasks = removeTasks == null ? List.of() : List.copyOf(removeTasks);
    }
}

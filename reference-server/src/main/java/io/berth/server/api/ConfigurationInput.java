package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.catalog.ConfigurationDraft;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /plans/{name}/configurations}, and the {@code configuration} of a new plan.
 *
 * <p>The fields the server fills ({@code id}, {@code plan}, {@code version}, {@code created}) are accepted
 * and ignored, so that a configuration read from the API can be sent back as the next version; any other
 * unknown field is refused.
 */
@JsonIgnoreProperties(value = {"id", "plan", "version", "created"})
public record ConfigurationInput(
        List<TaskSpecJson> installTasks,
        List<TaskSpecJson> removeTasks,
        TaskSpecJson healthCheck,
        String healthInterval) {

    /**
     * @param prefix where this configuration sits in the request, for messages
     * @throws BerthException INVALID_REQUEST naming the field at fault
     */
    public ConfigurationDraft toDraft(String prefix) {
        if (installTasks == null || installTasks.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, prefix + "installTasks needs at least one task");
        }
        return new ConfigurationDraft(tasks(installTasks, prefix + "installTasks"),
                tasks(removeTasks, prefix + "removeTasks"),
                healthCheck == null ? null : healthCheck.toDomain(prefix + "healthCheck"),
                Fields.duration(healthInterval, prefix + "healthInterval"));
    }

    private static List<TaskSpec> tasks(List<TaskSpecJson> tasks, String field) {
        if (tasks == null) {
            return List.of();
        }
        if (tasks.size() > 100) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + " has more than 100 tasks");
        }
        List<TaskSpec> result = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpecJson task = tasks.get(i);
            if (task == null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, field + "[" + i + "] is null");
            }
            result.add(task.toDomain(field + "[" + i + "]"));
        }
        return result;
    }
}

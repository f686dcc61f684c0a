package io.berth.provisioning.spi;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * One attempt of one task, with everything a provider needs to know about whom it runs for.
 *
 * @param action     the command's action; null for a health check ({@link TaskPhase#HEALTH}), which runs
 *                   outside any command (its command and task ids are then fresh ids of the check)
 * @param attempt    1 for the first attempt
 * @param parameters the deployment's parameters (for a configure: the new ones)
 */
public record TaskRequest(
        TaskSpec spec,
        TaskPhase phase,
        CommandAction action,
        CommandId command,
        TaskId task,
        int attempt,
        DeploymentId deployment,
        AccountId owner,
        String planName,
        Map<String, String> parameters) {

    public TaskRequest {
        requireNonNull(spec, "spec is null");
        requireNonNull(phase, "phase is null");
        if (action == null && phase != TaskPhase.HEALTH) {
            throw new NullPointerException("action is null");
        }
        requireNonNull(command, "command is null");
        requireNonNull(task, "task is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(planName, "planName is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be positive: " + attempt);
        }
    }

    /**
     * The variables every provider gives a task: {@code BERTH_DEPLOYMENT_ID}, {@code BERTH_COMMAND_ID},
     * {@code BERTH_TASK_ID}, {@code BERTH_TASK_NAME}, {@code BERTH_ACTION} ({@code install},
     * {@code configure}, {@code remove}, or {@code health} for a health check), {@code BERTH_PHASE}, {@code BERTH_ATTEMPT}, {@code BERTH_PLAN},
     * {@code BERTH_OWNER_ID}, and each parameter as {@code BERTH_PARAM_<NAME>} (upper case, characters
     * other than letters and digits turned into {@code _}), followed by the task's own
     * {@link TaskSpec#environment()}, which may not override the {@code BERTH_} names.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        spec.environment().forEach((key, value) -> {
            if (!key.startsWith("BERTH_")) {
                env.put(key, value);
            }
        });
        parameters.forEach((key, value) -> env.put(parameterVariable(key), value));
        env.put("BERTH_DEPLOYMENT_ID", deployment.toString());
        env.put("BERTH_COMMAND_ID", command.toString());
        env.put("BERTH_TASK_ID", task.toString());
        env.put("BERTH_TASK_NAME", spec.name());
        env.put("BERTH_ACTION", action == null ? "health" : action.name().toLowerCase(Locale.ROOT));
        env.put("BERTH_PHASE", phase.name().toLowerCase(Locale.ROOT));
        env.put("BERTH_ATTEMPT", Integer.toString(attempt));
        env.put("BERTH_PLAN", planName);
        env.put("BERTH_OWNER_ID", owner.toString());
        return env;
    }

    /** {@code worker.cores} becomes {@code BERTH_PARAM_WORKER_CORES}. */
    public static String parameterVariable(String parameter) {
        StringBuilder name = new StringBuilder("BERTH_PARAM_");
        for (char c : parameter.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }
}

package io.berth.platform.store;

import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One atomic step of execution, see {@link ProvisioningStore#apply}.
 *
 * @param command     the command's new state (always written)
 * @param deployment  the deployment's new state, or null to leave it
 * @param healthDueAt when the deployment's next health check is due; written only with a deployment,
 *                    null clears it
 * @param tasks       tasks to write
 * @param events      events to append, numbered by the caller
 * @param release     clear the lease after writing
 * @param notBefore   with release: the earliest time the command may be claimed again
 */
public record Step(
        ServiceCommand command,
        ServiceDeployment deployment,
        Instant healthDueAt,
        List<ServiceTask> tasks,
        List<CommandEvent> events,
        boolean release,
        Instant notBefore) {

    public Step {
        requireNonNull(command, "command is null");
        tasks = List.copyOf(tasks);
        events = List.copyOf(events);
        if (release) {
            requireNonNull(notBefore, "notBefore is null when releasing");
        }
    }
}

package io.berth.platform.store;

import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Everything written when a command is accepted.
 *
 * @param newDeployment the deployment an install creates, null for configure and remove
 */
public record NewCommand(
        ServiceCommand command,
        List<ServiceTask> tasks,
        ServiceDeployment newDeployment,
        CommandEvent initialEvent,
        Instant notBefore) {

    public NewCommand {
        requireNonNull(command, "command is null");
        tasks = List.copyOf(tasks);
        requireNonNull(initialEvent, "initialEvent is null");
        requireNonNull(notBefore, "notBefore is null");
    }
}

package io.berth.platform.store;

import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A command claimed by an executor, with what it needs to run it.
 *
 * @param tasks           ordered by seq
 * @param lastEventSeq    the highest event number of the command so far
 * @param cancelRequested a later REMOVE asked this command to stop
 * @param leaseUntil      when the lease ends unless renewed
 */
public record Claim(
        ServiceCommand command,
        ServiceDeployment deployment,
        List<ServiceTask> tasks,
        long lastEventSeq,
        boolean cancelRequested,
        Instant leaseUntil) {

    public Claim {
        requireNonNull(command, "command is null");
        requireNonNull(deployment, "deployment is null");
        tasks = List.copyOf(tasks);
        requireNonNull(leaseUntil, "leaseUntil is null");
    }
}

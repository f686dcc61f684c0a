package io.berth.platform.provisioning;

import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;

/** Told when a command was submitted or changed in this process; used to wake waiters without polling. */
public interface CommandListener {
    void changed(CommandId command);

    /**
     * A remove was accepted for the deployment, so its running command should stop; lets an executor in this
     * process look at once instead of at its next lease renewal.
     */
    default void cancelRequested(DeploymentId deployment) {
    }

    CommandListener NONE = command -> {
    };
}

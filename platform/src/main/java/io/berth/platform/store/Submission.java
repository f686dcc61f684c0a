package io.berth.platform.store;

import io.berth.core.provisioning.ServiceCommand;

/** The result of {@link ProvisioningStore#submit}. */
public sealed interface Submission {
    ServiceCommand command();

    /** The command was stored now. */
    record Created(ServiceCommand command) implements Submission {
    }

    /** A command with the same requester and idempotency key was stored before; nothing was written. */
    record Existing(ServiceCommand command) implements Submission {
    }
}

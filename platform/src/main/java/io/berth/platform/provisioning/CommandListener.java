package io.berth.platform.provisioning;

import io.berth.core.provisioning.CommandId;

/** Told when a command was submitted or changed in this process; used to wake waiters without polling. */
public interface CommandListener {
    void changed(CommandId command);

    CommandListener NONE = command -> {
    };
}

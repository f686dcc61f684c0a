package io.berth.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a command until it ends, then show its final state.",
                "Exits 1 when the command ends FAILED. With --output json, prints each event as one JSON line and"
                        + " then the final command."})
final class WatchCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "COMMAND_ID", description = "The command to follow.")
    String commandId;

    @Override
    int execute() {
        return watch(commandId);
    }
}

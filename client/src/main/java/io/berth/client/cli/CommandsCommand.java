package io.berth.client.cli;

import io.berth.client.CommandView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "commands", mixinStandardHelpOptions = true, description = "List commands, newest first.")
final class CommandsCommand extends BerthCommand {

    @Option(names = "--deployment", paramLabel = "ID", description = "Only the commands of this deployment.")
    String deployment;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int execute() {
        if (limit < 1) {
            throw usage("--limit must be at least 1: " + limit);
        }
        List<CommandView> commands = client().listCommands(deployment, limit);
        if (json()) {
            printJson(commands);
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "ACTION", "PLAN", "DEPLOYMENT", "STATE", "UPDATED");
        for (CommandView command : commands) {
            table.row(command.id(), command.action(), command.plan(), command.deployment(),
                    Text.state(command.state(), command.stateCode()), Text.instant(command.updated()));
        }
        table.print(out());
        return ExitCodes.OK;
    }
}

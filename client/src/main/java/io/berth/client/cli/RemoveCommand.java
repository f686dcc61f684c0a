package io.berth.client.cli;

import io.berth.client.CommandRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Run a deployment's removal tasks; it ends REMOVED and stays listed with --all.")
final class RemoveCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment's id.")
    String deployment;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Makes a repeated submit return the first command.")
    String idempotencyKey;

    @Option(names = "--watch", description = "Follow the command until it ends, as 'berth watch' does.")
    boolean watch;

    @Override
    int execute() {
        return submitted(client().submit(CommandRequest.remove(deployment), idempotencyKey), watch);
    }
}

package io.berth.client.cli;

import io.berth.client.CommandRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "configure", mixinStandardHelpOptions = true,
        description = "Run a deployment's install tasks again with new parameters.")
final class ConfigureCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment's id.")
    String deployment;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE", description = "A deployment parameter (repeatable).")
    Map<String, String> parameters;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Makes a repeated submit return the first command instead of configuring twice.")
    String idempotencyKey;

    @Option(names = "--watch", description = "Follow the command until it ends, as 'berth watch' does.")
    boolean watch;

    @Override
    int execute() {
        return submitted(client().submit(CommandRequest.configure(deployment, parameters(parameters)), idempotencyKey),
                watch);
    }
}

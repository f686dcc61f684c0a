package io.berth.client.cli;

import io.berth.client.CommandRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "deployservice", mixinStandardHelpOptions = true,
        description = "Install a new deployment of a plan; prints the command and the deployment it creates.")
final class DeployServiceCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan to deploy.")
    String plan;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE", description = "A deployment parameter (repeatable).")
    Map<String, String> parameters;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Makes a repeated submit return the first command instead of installing twice.")
    String idempotencyKey;

    @Option(names = "--watch", description = "Follow the command until it ends, as 'berth watch' does.")
    boolean watch;

    @Override
    int execute() {
        return submitted(client().submit(CommandRequest.install(plan, parameters(parameters)), idempotencyKey), watch);
    }
}

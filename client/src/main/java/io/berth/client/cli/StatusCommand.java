package io.berth.client.cli;

import io.berth.client.BerthApiException;
import io.berth.client.CommandView;
import io.berth.client.DeploymentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a command with its tasks, or a deployment.")
final class StatusCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "A command id or a deployment id.")
    String id;

    @Override
    int execute() {
        CommandView command;
        try {
            command = client().getCommand(id);
        } catch (BerthApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return deployment();
        }
        if (json()) {
            printJson(command);
        } else {
            Views.printCommand(out(), command);
        }
        return ExitCodes.OK;
    }

    private int deployment() {
        DeploymentView deployment;
        try {
            deployment = client().getDeployment(id);
        } catch (BerthApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new BerthApiException(404, e.code(), e.title(), "no command or deployment with id '" + id + "'",
                    e.instance(), e);
        }
        if (json()) {
            printJson(deployment);
        } else {
            Views.printDeployment(out(), deployment);
        }
        return ExitCodes.OK;
    }
}

package io.berth.client.cli;

import io.berth.client.DeploymentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "List deployments, newest first (yours; an admin's: everyone's).")
final class DeploymentsCommand extends BerthCommand {

    @Option(names = "--all", description = "Include removed deployments.")
    boolean all;

    @Override
    int execute() {
        List<DeploymentView> deployments = client().listDeployments(all);
        if (json()) {
            printJson(deployments);
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "PLAN", "STATE", "HEALTH", "UPDATED");
        for (DeploymentView deployment : deployments) {
            table.row(deployment.id(), deployment.plan(), Text.state(deployment.state(), deployment.stateCode()),
                    deployment.health() == null ? "" : Text.orEmpty(deployment.health().status()),
                    Text.instant(deployment.updated()));
        }
        table.print(out());
        return ExitCodes.OK;
    }
}

package io.berth.client.cli;

import io.berth.client.PlanView;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "listservices", mixinStandardHelpOptions = true, description = "List the plans, by name.")
final class ListServicesCommand extends BerthCommand {

    @Override
    int execute() {
        List<PlanView> plans = client().listPlans();
        if (json()) {
            printJson(plans);
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "LATEST VERSION", "DESCRIPTION");
        for (PlanView plan : plans) {
            table.row(plan.name(), Text.orEmpty(plan.latestVersion()), plan.description());
        }
        table.print(out());
        return ExitCodes.OK;
    }
}

package io.berth.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "deleteservice", mixinStandardHelpOptions = true,
        description = "Delete a plan with all its configurations; refused while a deployment refers to it.")
final class DeleteServiceCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The plan to delete.")
    String name;

    @Override
    int execute() {
        client().deletePlan(name);
        if (json()) {
            // The API answers 204 without a body; scripts still get one document per command.
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("plan", name);
            result.put("deleted", true);
            printJson(result);
        } else {
            out().println("Deleted plan " + name + ".");
        }
        return ExitCodes.OK;
    }
}

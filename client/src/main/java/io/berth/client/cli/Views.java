package io.berth.client.cli;

import io.berth.client.CommandView;
import io.berth.client.DeploymentView;
import io.berth.client.PlanView;
import io.berth.client.TaskView;

import java.io.PrintStream;

/** Text renderings of the API's objects shared by several commands. */
final class Views {

    private Views() {
    }

    static void printPlan(PrintStream out, PlanView plan) {
        new Fields()
                .add("Plan", plan.name())
                .add("Description", plan.description())
                .add("Latest version", plan.latestVersion() == null ? "none (add a configuration before deploying)"
                        : plan.latestVersion().toString())
                .add("Created", Text.instant(plan.created()))
                .add("Id", plan.id())
                .print(out);
    }

    static void printCommand(PrintStream out, CommandView command) {
        new Fields()
                .add("Command", command.id())
                .add("Action", command.action())
                .add("Plan", plan(command.plan(), command.configurationVersion()))
                .add("Deployment", command.deployment())
                .add("Parameters", Text.parameters(command.parameters()))
                .add("State", Text.state(command.state(), command.stateCode()))
                .add("Reason", command.reason())
                .add("Created", Text.instant(command.created()))
                .add("Updated", Text.instant(command.updated()))
                .print(out);
        if (!command.tasks().isEmpty()) {
            out.println();
            Table table = new Table("SEQ", "PHASE", "TASK", "STATE", "ATTEMPT", "EXIT", "REASON");
            for (TaskView task : command.tasks()) {
                table.row(Integer.toString(task.seq()), task.phase(), task.name(),
                        Text.state(task.state(), task.stateCode()), Integer.toString(task.attempt()),
                        Text.orEmpty(task.exitCode()), task.reason());
            }
            table.print(out);
        }
    }

    static void printDeployment(PrintStream out, DeploymentView deployment) {
        String health = "";
        if (deployment.health() != null) {
            health = Text.orEmpty(deployment.health().status());
            if (deployment.health().checkedAt() != null) {
                health += " (checked " + Text.instant(deployment.health().checkedAt()) + ")";
            }
            if (deployment.health().message() != null && !deployment.health().message().isBlank()) {
                health += ": " + deployment.health().message().strip();
            }
        }
        new Fields()
                .add("Deployment", deployment.id())
                .add("Plan", plan(deployment.plan(), deployment.configurationVersion()))
                .add("Owner", deployment.owner())
                .add("Parameters", Text.parameters(deployment.parameters()))
                .add("State", Text.state(deployment.state(), deployment.stateCode()))
                .add("Reason", deployment.reason())
                .add("Health", health)
                .add("Created", Text.instant(deployment.created()))
                .add("Updated", Text.instant(deployment.updated()))
                .print(out);
    }

    private static String plan(String plan, Integer version) {
        if (plan == null) {
            return "";
        }
        return version == null ? plan : plan + " (configuration " + version + ")";
    }
}

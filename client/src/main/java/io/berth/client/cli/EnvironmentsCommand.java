package io.berth.client.cli;

import io.berth.client.EnvironmentValidationView;
import io.berth.client.EnvironmentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "environments", mixinStandardHelpOptions = true,
        description = {"Environment configurations: the Python and Java versions and packages, system and binary"
                + " packages a notebook runs with.",
                "A deployment names one with the parameter environment=NAME; creating one takes an admin."},
        subcommands = {EnvironmentsCommand.ListEnvironments.class, EnvironmentsCommand.Show.class,
                EnvironmentsCommand.Validate.class, EnvironmentsCommand.Create.class, EnvironmentsCommand.Schema.class})
final class EnvironmentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("list").execute();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The environments.")
    static final class ListEnvironments extends BerthCommand {
        @Override
        int execute() {
            List<EnvironmentView> environments = client().listEnvironments();
            if (json()) {
                printJson(environments);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "PYTHON", "JAVA", "DESCRIPTION");
            environments.forEach(e -> table.row(e.name(), parameter(e.parameters(), "environment.python.version"),
                    parameter(e.parameters(), "environment.java.version"), e.description()));
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "An environment: the parameters a deployment gets from it, and its document.")
    static final class Show extends BerthCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int execute() {
            EnvironmentView environment = client().getEnvironment(name);
            if (json()) {
                printJson(environment);
                return ExitCodes.OK;
            }
            out().println(environment.name() + (environment.description().isEmpty() ? ""
                    : ": " + environment.description()));
            out().println("Updated " + Text.instant(environment.updatedAt()));
            out().println();
            printParameters(out(), environment.parameters());
            out().println();
            printJson(environment.document());
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an environment document against the server's schema; nothing is stored.")
    static final class Validate extends BerthCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The JSON document.")
        Path file;

        @Override
        int execute() {
            EnvironmentValidationView result = client().validateEnvironment(read(this, file));
            if (json()) {
                printJson(result);
                return ExitCodes.OK;
            }
            out().println(file + " is a valid environment '" + result.name() + "'; a deployment running it gets:");
            printParameters(out(), result.parameters());
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Store an environment from its document.")
    static final class Create extends BerthCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The JSON document.")
        Path file;

        @Override
        int execute() {
            EnvironmentView created = client().createEnvironment(read(this, file));
            if (json()) {
                printJson(created);
            } else {
                out().println("Environment " + created.name() + " created; deployments use it with the parameter"
                        + " environment=" + created.name() + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "The JSON Schema environment documents follow.")
    static final class Schema extends BerthCommand {
        @Override
        int execute() {
            out().println(client().environmentSchema().strip());
            return ExitCodes.OK;
        }
    }

    private static String parameter(Map<String, String> parameters, String name) {
        return parameters == null ? "" : Text.orEmpty(parameters.get(name));
    }

    private static void printParameters(PrintStream out, Map<String, String> parameters) {
        Table table = new Table("PARAMETER", "VALUE");
        new TreeMap<>(parameters).forEach(table::row);
        table.print(out);
    }

    private static String read(BerthCommand command, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw command.usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}

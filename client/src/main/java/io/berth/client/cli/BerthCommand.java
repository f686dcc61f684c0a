package io.berth.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.berth.client.BerthApiException;
import io.berth.client.BerthClient;
import io.berth.client.BerthJson;
import io.berth.client.CommandView;
import io.berth.client.EventView;
import io.berth.client.Submission;
import io.berth.core.state.State;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What every {@code berth} subcommand shares: the global options, the client they lead to, printing in
 * text or JSON, and turning failures into a message and an exit code.
 */
abstract class BerthCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = BerthJson.newObjectMapper();
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions options;

    private BerthClient client;
    private String keySource = "";

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ParameterException e) {
            throw e;
        } catch (BerthApiException e) {
            err().println("berth: " + e.detail() + " (" + e.code() + ")");
            if (e.status() == 401) {
                err().println(keySource.isEmpty()
                        ? "Give an API key with --api-key or BERTH_API_KEY."
                        : "The API key from " + keySource + " was refused.");
            }
            return ExitCodes.of(e);
        } catch (RuntimeException e) {
            // A defect of the command itself; the trace is what a bug report needs, and exit code 1 must
            // keep meaning "the watched command failed".
            err().println("berth: unexpected error: " + e);
            e.printStackTrace(err());
            return ExitCodes.OTHER_ERROR;
        }
    }

    /** Does the work and returns the exit code; failures of requests propagate as exceptions. */
    abstract int execute();

    final BerthCli cli() {
        return (BerthCli) spec.root().userObject();
    }

    final PrintStream out() {
        return cli().out();
    }

    final PrintStream err() {
        return cli().err();
    }

    final boolean json() {
        OutputFormat format = options.output != null ? options.output : cli().options.output;
        return format == OutputFormat.JSON;
    }

    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    final BerthClient client() {
        if (client == null) {
            String server = firstOf(options.server, cli().options.server, env("BERTH_URL"), BerthCli.DEFAULT_SERVER);
            try {
                client = BerthClient.builder()
                        .baseUri(URI.create(server.strip()))
                        .apiKey(apiKey())
                        .build();
            } catch (IllegalArgumentException e) {
                throw usage("invalid server address '" + server + "': " + e.getMessage());
            }
        }
        return client;
    }

    private String apiKey() {
        String key = firstOf(options.apiKey, cli().options.apiKey, env("BERTH_API_KEY"));
        if (key != null) {
            keySource = options.apiKey != null || cli().options.apiKey != null ? "--api-key" : "BERTH_API_KEY";
            return key;
        }
        // On the server's own machine the admin key is already on disk; reading it spares a newcomer
        // any setup.
        String dataDir = firstOf(env("BERTH_DATA_DIR"), "data");
        Path file = Path.of(dataDir).resolve("admin-key");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String fromFile = Files.readString(file).strip();
            if (fromFile.isEmpty()) {
                return null;
            }
            keySource = file.toString();
            return fromFile;
        } catch (IOException e) {
            err().println("berth: cannot read " + file + ": " + e.getMessage());
            return null;
        }
    }

    private String env(String name) {
        String value = cli().environment().get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** One JSON document, indented, as the end of a command's output. */
    final void printJson(Object value) {
        try {
            out().println(PRETTY.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON document on one line, for output that is a stream of documents. */
    final void printJsonLine(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints what a submit answered, then follows the command if asked to. */
    final int submitted(Submission submission, boolean watch) {
        CommandView command = submission.command();
        if (json()) {
            if (watch) {
                printJsonLine(command);
            } else {
                printJson(command);
            }
        } else {
            new Fields()
                    .add("Command", command.id())
                    .add("Deployment", command.deployment())
                    .add("State", Text.state(command.state(), command.stateCode()))
                    .add("Replayed", submission.replayed()
                            ? "yes: this idempotency key was used before, no new command was started" : "")
                    .print(out());
        }
        return watch ? watch(command.id()) : ExitCodes.OK;
    }

    /**
     * Follows a command's events until it ends and prints its final state. Returns {@link ExitCodes#OK}
     * unless the command ended FAILED.
     */
    final int watch(String commandId) {
        BerthClient client = client();
        CommandView start = client.getCommand(commandId);
        if (json()) {
            client.events(commandId, 0, this::printJsonLine);
        } else {
            Progress progress = new Progress(start.tasks());
            ProgressPrinter printer = new ProgressPrinter(out(), cli().console(), columns());
            client.events(commandId, 0, (EventView event) -> printer.show(progress.update(event)));
            printer.finish();
        }
        CommandView end = client.getCommand(commandId);
        if (json()) {
            printJsonLine(end);
        } else {
            out().println();
            Views.printCommand(out(), end);
        }
        return end.state() == State.FAILED ? ExitCodes.COMMAND_FAILED : ExitCodes.OK;
    }

    private int columns() {
        String columns = cli().environment().get("COLUMNS");
        try {
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    static Map<String, String> parameters(Map<String, String> parameters) {
        return parameters == null ? Map.of() : parameters;
    }
}

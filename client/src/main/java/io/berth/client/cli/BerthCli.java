package io.berth.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * The {@code berth} command: manages plans ("services"), deployments, commands and accounts of a Berth
 * server through its REST API.
 *
 * <p>The environment, standard output and standard error are passed in, so the command can run inside
 * another program (or a test) without touching the process's own; only {@link #main} exits the JVM.
 * {@link #toCommandLine()} sets picocli up to print usage errors to the same streams.
 */
@Command(name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = BerthCli.Version.class,
        description = "Manage services on a Berth server: define plans, deploy, configure and remove them, and"
                + " follow the commands that do it.",
        subcommands = {
                CreateServiceCommand.class,
                DeleteServiceCommand.class,
                ListServicesCommand.class,
                DeployServiceCommand.class,
                ConfigureCommand.class,
                RemoveCommand.class,
                DeploymentsCommand.class,
                CommandsCommand.class,
                StatusCommand.class,
                WatchCommand.class,
                MeCommand.class,
                AccountsCommand.class,
                AccountCommand.class,
                ApiKeysCommand.class,
                AvailabilityCommand.class,
                BookCommand.class,
                BookingsCommand.class,
                QueueCommand.class,
                PoolsCommand.class,
                LevelsCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Environment:",
                "  BERTH_URL       server address (default " + BerthCli.DEFAULT_SERVER + ")",
                "  BERTH_API_KEY   API key",
                "  BERTH_DATA_DIR  where the server keeps admin-key (default ./data)",
                "",
                "Exit codes:",
                "  0  success (a watched command ended COMPLETED or REMOVED)",
                "  1  the watched command ended FAILED",
                "  2  usage error",
                "  3  not found",
                "  4  conflict",
                "  5  authentication or permission refused",
                "  6  cannot reach the server",
                "  7  any other API error"})
public final class BerthCli implements Callable<Integer> {

    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Mixin
    GlobalOptions options;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final java.io.InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean console;

    /**
     * A command whose output is not a console: progress is printed one line per event.
     *
     * @param environment the environment variables to read ({@code BERTH_URL}, {@code BERTH_API_KEY},
     *                    {@code BERTH_DATA_DIR}, {@code COLUMNS})
     */
    public BerthCli(Map<String, String> environment, PrintStream out, PrintStream err) {
        this(environment, out, err, false);
    }

    /**
     * @param console whether {@code out} is a terminal, where progress bars are redrawn in place
     */
    public BerthCli(Map<String, String> environment, PrintStream out, PrintStream err, boolean console) {
        this(environment, java.io.InputStream.nullInputStream(), out, err, console);
    }

    /**
     * @param in where {@code --password-stdin} reads passwords from
     */
    public BerthCli(Map<String, String> environment, java.io.InputStream in, PrintStream out, PrintStream err,
                    boolean console) {
        this.in = requireNonNull(in, "in is null");
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.console = console;
    }

    /** Runs {@code berth} with the process's environment and streams, and exits with its exit code. */
    public static void main(String[] args) {
        BerthCli cli = new BerthCli(System.getenv(), System.in, System.out, System.err, System.console() != null);
        System.exit(cli.toCommandLine().execute(args));
    }

    /**
     * A picocli command line for this command that prints help to this command's output and usage errors,
     * briefly, to its error stream.
     */
    public CommandLine toCommandLine() {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            CommandLine failed = failure.getCommandLine();
            err.println("berth: " + failure.getMessage());
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    Map<String, String> environment() {
        return environment;
    }

    PrintStream out() {
        return out;
    }

    java.io.InputStream in() {
        return in;
    }

    PrintStream err() {
        return err;
    }

    boolean console() {
        return console;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BerthCli.class.getPackage().getImplementationVersion();
            return new String[] {"berth " + (version == null ? "(development build)" : version)};
        }
    }
}

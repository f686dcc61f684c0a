package io.berth.client.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code berth} in-process with captured output. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    /** As a test of the command object alone: picocli's own streams are left alone. */
    static Result run(Map<String, String> environment, String... args) {
        return run(environment, false, false, args);
    }

    /** Through {@link BerthCli#toCommandLine()}, as {@code main} runs it, so usage errors are captured too. */
    static Result runAsMain(Map<String, String> environment, String... args) {
        return run(environment, false, true, args);
    }

    static Result runOnConsole(Map<String, String> environment, String... args) {
        return run(environment, true, false, args);
    }

    private static Result run(Map<String, String> environment, boolean console, boolean asMain, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BerthCli cli = new BerthCli(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), console);
        int exitCode = asMain ? cli.toCommandLine().execute(args) : new CommandLine(cli).execute(args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

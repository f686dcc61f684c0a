package io.berth.server;

import io.berth.client.cli.BerthCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the {@code berth} command line in-process against a test server. */
final class Cli {
    private Cli() {
    }

    /** What one run printed, and its exit code. */
    record Run(int code, String out, String err) {
    }

    static Run run(TestServer server, String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("BERTH_URL", server.server.baseUri().toString(), "BERTH_API_KEY", key);
        int code = new BerthCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).toCommandLine().execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package io.berth.client.cli;

import picocli.CommandLine.Option;

/**
 * The options every {@code berth} command takes. Each is null when not given on the command line, so
 * that {@link BerthCommand} can fall back to the same option before the subcommand, then to the
 * environment.
 */
final class GlobalOptions {

    @Option(names = "--server", paramLabel = "URL",
            description = {"Server address (env BERTH_URL),", "default " + BerthCli.DEFAULT_SERVER + "."})
    String server;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = {"API key (env BERTH_API_KEY); else the key in",
                    "$BERTH_DATA_DIR/admin-key (default ./data), if any."})
    String apiKey;

    @Option(names = "--output", paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Candidates.class,
            description = {"text (default), or json for scripts: the API's", "JSON documents."})
    OutputFormat output;
}

package io.berth.client.cli;

import io.berth.client.NewApiKeyView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "apikeys", mixinStandardHelpOptions = true, description = "Create API keys (admins).",
        subcommands = ApiKeysCommand.Create.class)
final class ApiKeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a further API key of an account and print it.")
    static final class Create extends BerthCommand {

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account's name.")
        String account;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
                description = "What the key is for, e.g. laptop (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--expires-at", paramLabel = "INSTANT",
                description = "When the key stops working, e.g. 2027-01-01T00:00:00Z (default: never).")
        Instant expiresAt;

        @Override
        int execute() {
            NewApiKeyView created = client().createApiKey(account, name, expiresAt);
            if (json()) {
                printJson(created);
            } else {
                new Fields()
                        .add("Account", account)
                        .add("Key id", created.keyId())
                        .add("API key", created.apiKey())
                        .print(out());
                out().println();
                out().println(AccountsCommand.SHOWN_ONCE);
            }
            return ExitCodes.OK;
        }
    }
}

package io.berth.client.cli;

import io.berth.client.ApiKeyView;
import io.berth.client.NewApiKeyView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "api-keys", aliases = "apikeys", mixinStandardHelpOptions = true,
        description = {"List, create and revoke API keys.",
                "Scopes: read (GET routes), deploy (commands, deployments), book (bookings, queue), account (profile,"
                        + " API and SSH keys), admin (admin routes; admin accounts only)."},
        subcommands = {ApiKeysCommand.ListKeys.class, ApiKeysCommand.Create.class, ApiKeysCommand.Revoke.class})
final class ApiKeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List your API keys (never their secrets), newest first.")
    static final class ListKeys extends BerthCommand {

        @Override
        int execute() {
            List<ApiKeyView> keys = client().listApiKeys();
            if (json()) {
                printJson(keys);
                return ExitCodes.OK;
            }
            Table table = new Table("KEY ID", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "STATE");
            for (ApiKeyView key : keys) {
                table.row(key.keyId(), key.name(), String.join(",", key.scopes()), key.created(),
                        orDash(key.expiresAt()), orDash(key.lastUsedAt()),
                        key.revokedAt() != null ? "revoked " + key.revokedAt()
                                : key.expiresAt() != null && !Instant.parse(key.expiresAt()).isAfter(Instant.now())
                                ? "expired" : "active");
            }
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a further API key and print it once.",
                    "Without ACCOUNT the key is your own; admins may name another account."})
    static final class Create extends BerthCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "ACCOUNT",
                description = "The account's name (admins; default: your own account).")
        String account;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
                description = "What the key is for, e.g. laptop (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
                description = "What the key may do; repeat or separate by commas: read, deploy, book, account, admin"
                        + " (default: the scopes of the key you use).")
        List<String> scopes;

        @Option(names = "--expires-in-days", paramLabel = "N",
                description = "Days until the key stops working (default: never).")
        Integer expiresInDays;

        @Option(names = "--expires-at", paramLabel = "INSTANT",
                description = "When the key stops working, e.g. 2027-01-01T00:00:00Z (default: never).")
        Instant expiresAt;

        @Override
        int execute() {
            if (expiresAt != null && expiresInDays != null) {
                throw usage("give --expires-at or --expires-in-days, not both");
            }
            NewApiKeyView created;
            if (account == null) {
                if (expiresAt != null) {
                    throw usage("--expires-at needs ACCOUNT; use --expires-in-days for your own keys");
                }
                created = client().createApiKey(name, scopes, expiresInDays);
            } else if (scopes == null && expiresInDays == null) {
                created = client().createApiKey(account, name, expiresAt);
            } else {
                if (expiresAt != null) {
                    throw usage("--expires-at cannot be combined with --scope; use --expires-in-days");
                }
                created = client().createApiKey(account, name, scopes, expiresInDays);
            }
            if (json()) {
                printJson(created);
            } else {
                new Fields()
                        .add("Account", account)
                        .add("Key id", created.keyId())
                        .add("Scopes", created.scopes() == null ? null : String.join(",", created.scopes()))
                        .add("Expires", created.expiresAt())
                        .add("API key", created.apiKey())
                        .print(out());
                out().println();
                out().println(AccountsCommand.SHOWN_ONCE);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key (yours, or any as an admin); it stops working at once.")
    static final class Revoke extends BerthCommand {

        @Parameters(index = "0", paramLabel = "KEY_ID", description = "The key id, as 'berth api-keys list' shows it.")
        String keyId;

        @Override
        int execute() {
            ApiKeyView revoked = client().revokeApiKey(keyId);
            if (json()) {
                printJson(revoked);
            } else {
                out().println("API key " + revoked.keyId() + " (" + revoked.name() + ") is revoked.");
            }
            return ExitCodes.OK;
        }
    }

    static String orDash(String value) {
        return value == null ? "-" : value;
    }
}

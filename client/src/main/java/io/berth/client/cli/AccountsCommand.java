package io.berth.client.cli;

import io.berth.client.AccountView;
import io.berth.client.NewAccountView;
import io.berth.core.account.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Create, list, disable and delete accounts (admins).",
        subcommands = {AccountsCommand.Create.class, AccountsCommand.ListAccounts.class,
                AccountsCommand.SetLevel.class, AccountsCommand.SetEmail.class, AccountsCommand.Disable.class,
                AccountsCommand.Enable.class, AccountsCommand.Delete.class})
final class AccountsCommand implements Callable<Integer> {

    static final String SHOWN_ONCE = "The API key is shown only this once; store it now.";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an account and print its first API key.")
    static final class Create extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "USER", converter = RoleConverter.class,
                completionCandidates = RoleCandidates.class,
                description = "USER or ADMIN (default: ${DEFAULT-VALUE}).")
        Role role;

        @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "1",
                description = "0 anonymous, 1 basic, 2 and above custom (default: ${DEFAULT-VALUE}).")
        int level;

        @Override
        int execute() {
            NewAccountView created = client().createAccount(name, role, level);
            if (json()) {
                printJson(created);
            } else {
                new Fields()
                        .add("Account", created.account().name())
                        .add("Role", Text.orEmpty(created.account().role()))
                        .add("Level", String.valueOf(created.account().level()))
                        .add("Id", created.account().id())
                        .add("API key", created.apiKey())
                        .print(out());
                out().println();
                out().println(SHOWN_ONCE);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
    static final class ListAccounts extends BerthCommand {

        @Override
        int execute() {
            List<AccountView> accounts = client().listAccounts();
            if (json()) {
                printJson(accounts);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "ROLE", "LEVEL", "ID");
            for (AccountView account : accounts) {
                table.row(account.name(), Text.orEmpty(account.role()), String.valueOf(account.level()), account.id());
            }
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "set-level", mixinStandardHelpOptions = true,
            description = "Set an account's level: what it may book and use.")
    static final class SetLevel extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Parameters(index = "1", paramLabel = "LEVEL", description = "0 anonymous, 1 basic, 2 and above custom.")
        int level;

        @Override
        int execute() {
            AccountView account = client().setLevel(name, level);
            if (json()) {
                printJson(account);
            } else {
                out().println("Account " + account.name() + " is now level " + account.level() + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set-email", mixinStandardHelpOptions = true,
            description = "Set where an account's notifications go (your own, or anyone's for admins).")
    static final class SetEmail extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Parameters(index = "1", paramLabel = "EMAIL", arity = "0..1", description = "The address; none clears it.")
        String email;

        @Override
        int execute() {
            AccountView account = client().setEmail(name, email);
            if (json()) {
                printJson(account);
            } else {
                out().println(account.email() == null ? "Account " + account.name() + " has no email address now."
                        : "Notifications for " + account.name() + " go to " + account.email() + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account: it can neither sign in nor use its API keys.")
    static final class Disable extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Override
        int execute() {
            return disabled(this, client().setDisabled(name, true));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account again.")
    static final class Enable extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Override
        int execute() {
            return disabled(this, client().setDisabled(name, false));
        }
    }

    private static int disabled(BerthCommand command, AccountView account) {
        if (command.json()) {
            command.printJson(account);
        } else {
            command.out().println("Account " + account.name() + " is "
                    + (Boolean.TRUE.equals(account.disabled()) ? "disabled." : "enabled."));
        }
        return ExitCodes.OK;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an account: disabled at once, its deployments removed, then deleted with its"
                    + " keys, sessions and queue entries.")
    static final class Delete extends BerthCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name.")
        String name;

        @Option(names = "--yes", description = "Confirm the deletion.")
        boolean yes;

        @Override
        int execute() {
            if (!yes) {
                throw usage("deleting " + name + " removes its deployments, bookings and keys; add --yes to confirm");
            }
            var accepted = client().deleteAccount(name);
            if (json()) {
                printJson(accepted);
            } else {
                out().println("Account " + name + " is disabled and will be deleted once its deployments are"
                        + " removed.");
            }
            return ExitCodes.OK;
        }
    }

    /** Accepts a role in any case. */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected USER or ADMIN but was '" + value + "'");
            }
        }
    }

    /** The roles, for help and completion. */
    static final class RoleCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("USER", "ADMIN").iterator();
        }
    }
}

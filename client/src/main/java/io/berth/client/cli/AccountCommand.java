package io.berth.client.cli;

import io.berth.client.SignInViews;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code berth account ...}: one's own account. Passwords are never taken as arguments (they would stay in the
 * shell history and the process list): they are read from standard input with {@code --password-stdin}, one per
 * line, or asked for at the terminal.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Your own account: register, confirm, log in, reset the password, give it a try, show,"
                + " update, delete.",
        subcommands = {AccountCommand.Register.class, AccountCommand.Confirm.class, AccountCommand.Login.class,
                AccountCommand.Logout.class, AccountCommand.Reset.class, AccountCommand.Try.class,
                AccountCommand.Show.class, AccountCommand.Update.class, AccountCommand.Delete.class,
                AccountCommand.Password.class, AccountCommand.Token.class})
final class AccountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** A command that reads passwords. */
    abstract static class WithPasswords extends BerthCommand {
        @Option(names = "--password-stdin",
                description = "Read the password(s) from standard input, one per line, instead of asking.")
        boolean passwordStdin;

        private BufferedReader stdin;

        /** The next password: a line of standard input, or asked for at the terminal with {@code prompt}. */
        final String password(String prompt) {
            if (passwordStdin) {
                try {
                    if (stdin == null) {
                        stdin = new BufferedReader(new InputStreamReader(cli().in(), StandardCharsets.UTF_8));
                    }
                    String line = stdin.readLine();
                    if (line == null) {
                        throw usage("standard input ended before the password (" + prompt + ")");
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Console console = System.console();
            if (console == null) {
                throw usage("no terminal to ask for the password: give it on standard input with --password-stdin");
            }
            char[] typed = console.readPassword("%s: ", prompt);
            if (typed == null) {
                throw usage("no password given");
            }
            return new String(typed);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register an email address; a confirmation link is mailed to it. With a trial account's"
                    + " session as the key, the trial account is kept and becomes level 1.")
    static final class Register extends WithPasswords {
        @Parameters(index = "0", paramLabel = "EMAIL", description = "Your email address.")
        String email;

        @Override
        int execute() {
            SignInViews.Accepted accepted = client().register(email, password("Password (12-128 characters)"));
            if (json()) {
                printJson(accepted);
            } else {
                out().println("Check your mail: the link in it confirms the address (berth account confirm CODE).");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Confirm an address with the code of the mailed link; prints a login token for a notebook"
                    + " site.")
    static final class Confirm extends BerthCommand {
        @Parameters(index = "0", paramLabel = "CODE", description = "The code after ?code= in the link.")
        String code;

        @Option(names = "--site", paramLabel = "SITE", description = "The notebook site (default: the server's).")
        String site;

        @Override
        int execute() {
            SignInViews.Handoff handoff = client().confirm(code, site);
            if (json()) {
                printJson(handoff);
            } else {
                out().println("The address " + handoff.account().email() + " is confirmed.");
                printHandoff(this, handoff);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Log in with email and password; prints a session id that works as --api-key until it"
                    + " expires.")
    static final class Login extends WithPasswords {
        @Parameters(index = "0", paramLabel = "EMAIL", description = "Your email address.")
        String email;

        @Override
        int execute() {
            SignInViews.Session session = client().login(email, password("Password"));
            if (json()) {
                printJson(session);
            } else {
                printSession(this, session);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = "End the session given as --api-key. A trial account is then deleted with its notebooks"
                    + " and data.")
    static final class Logout extends BerthCommand {
        @Override
        int execute() {
            client().logout();
            if (!json()) {
                out().println("Logged out.");
            } else {
                printJson(java.util.Map.of("status", "logged-out"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Without --code: mail a password-reset link to EMAIL. With --code: set a new password.")
    static final class Reset extends WithPasswords {
        @Parameters(index = "0", paramLabel = "EMAIL", arity = "0..1", description = "Your email address.")
        String email;

        @Option(names = "--code", paramLabel = "CODE", description = "The code after ?code= in the reset link.")
        String code;

        @Override
        int execute() {
            if (code == null) {
                if (email == null) {
                    throw usage("give the EMAIL to send the link to, or --code with the code of the link");
                }
                SignInViews.Accepted accepted = client().requestReset(email);
                if (json()) {
                    printJson(accepted);
                } else {
                    out().println("If " + email + " has an account, a reset link is on its way.");
                }
                return ExitCodes.OK;
            }
            SignInViews.Session session = client().resetPassword(code, password("New password (12-128 characters)"));
            if (json()) {
                printJson(session);
            } else {
                out().println("The password is changed; other sessions have ended.");
                printSession(this, session);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "try", mixinStandardHelpOptions = true,
            description = "Give it a try: a transient account without registration, and a login token for a"
                    + " notebook site.")
    static final class Try extends BerthCommand {
        @Option(names = "--site", paramLabel = "SITE", description = "The notebook site (default: the server's).")
        String site;

        @Override
        int execute() {
            SignInViews.Trial trial = client().tryIt(site);
            if (json()) {
                printJson(trial);
            } else {
                new Fields()
                        .add("Account", trial.account().name())
                        .add("Open", trial.redirect())
                        .add("Session", trial.sessionId())
                        .add("Expires", String.valueOf(trial.expiresAt()))
                        .print(out());
                out().println();
                out().println(trial.warning());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show your account.")
    static final class Show extends BerthCommand {
        @Override
        int execute() {
            SignInViews.User user = client().user();
            if (json()) {
                printJson(user);
                return ExitCodes.OK;
            }
            List<String> identities = new ArrayList<>();
            user.identities().forEach(i -> identities.add(i.provider()));
            new Fields()
                    .add("Account", user.name())
                    .add("Name", Text.orEmpty(user.displayName()))
                    .add("Email", user.email() == null ? "" : user.email()
                            + (user.emailConfirmed() ? "" : " (not confirmed)"))
                    .add("Level", String.valueOf(user.level()))
                    .add("Role", user.role())
                    .add("Identities", String.join(", ", identities))
                    .add("Created", String.valueOf(user.created()))
                    .print(out());
            if (user.warning() != null) {
                out().println();
                out().println(user.warning());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change your display name or email address (a new address applies when the link mailed to"
                    + " it is followed).")
    static final class Update extends BerthCommand {
        @Option(names = "--display-name", paramLabel = "NAME", description = "How you want to be called; '' clears it.")
        String displayName;

        @Option(names = "--email", paramLabel = "EMAIL", description = "A new email address.")
        String email;

        @Override
        int execute() {
            if (displayName == null && email == null) {
                throw usage("give --display-name or --email");
            }
            SignInViews.User user = client().updateUser(displayName, email);
            if (json()) {
                printJson(user);
            } else {
                out().println("Updated." + (email == null ? "" : " Follow the link mailed to " + email
                        + " to make it your address."));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete your account with its deployments, bookings and keys.")
    static final class Delete extends BerthCommand {
        @Option(names = "--yes", description = "Confirm that the account and everything it owns is to be deleted.")
        boolean yes;

        @Override
        int execute() {
            if (!yes) {
                throw usage("deleting the account removes its deployments, bookings and keys; add --yes to confirm");
            }
            SignInViews.Accepted accepted = client().deleteUser();
            if (json()) {
                printJson(accepted);
            } else {
                out().println("The account is disabled and will be deleted once its deployments are removed.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true,
            description = "Change your password (with --password-stdin: the current one, then the new one);"
                    + " other sessions end.")
    static final class Password extends WithPasswords {
        @Override
        int execute() {
            client().changePassword(password("Current password"), password("New password (12-128 characters)"));
            if (json()) {
                printJson(java.util.Map.of("status", "changed"));
            } else {
                out().println("The password is changed; other sessions have ended.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "A fresh single-use login token for a notebook site.")
    static final class Token extends BerthCommand {
        @Option(names = "--site", paramLabel = "SITE", description = "The notebook site (default: the server's).")
        String site;

        @Override
        int execute() {
            SignInViews.Handoff handoff = client().loginToken(site);
            if (json()) {
                printJson(handoff);
            } else {
                printHandoff(this, handoff);
            }
            return ExitCodes.OK;
        }
    }

    private static void printHandoff(BerthCommand command, SignInViews.Handoff handoff) {
        new Fields()
                .add("Account", handoff.account().name())
                .add("Open", handoff.redirect())
                .print(command.out());
        command.out().println();
        command.out().println("The link signs you in once, within a minute.");
    }

    private static void printSession(BerthCommand command, SignInViews.Session session) {
        new Fields()
                .add("Account", session.account().name())
                .add("Session", session.sessionId())
                .add("Expires", String.valueOf(session.expiresAt()))
                .print(command.out());
        command.out().println();
        command.out().println("Use the session as --api-key (or BERTH_API_KEY) until it expires; it is extended by"
                + " use. Create a lasting API key with: berth apikeys create " + session.account().name());
    }
}

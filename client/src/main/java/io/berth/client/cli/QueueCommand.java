package io.berth.client.cli;

import io.berth.client.QueueView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"Wait for a package that is not available now: first come, first served.",
                "When capacity frees, the head of the queue gets an offer held for a while."},
        subcommands = {QueueCommand.Join.class, QueueCommand.ListEntries.class, QueueCommand.Show.class,
                QueueCommand.Accept.class, QueueCommand.Leave.class})
final class QueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("list").execute();
    }

    static void print(BerthCommand command, QueueView entry) {
        if (command.json()) {
            command.printJson(entry);
            return;
        }
        command.out().println(entry.message());
        new Fields()
                .add("Entry", entry.id())
                .add("Package", entry.packageName() + " for " + entry.lengthHours() + " h")
                .add("Pool", entry.pool())
                .add("Status", entry.status())
                .add("Offer until", entry.offerExpiresAt() == null ? "" : Text.instant(entry.offerExpiresAt()))
                .print(command.out());
    }

    @Command(name = "join", mixinStandardHelpOptions = true, description = "Join the queue of a package.")
    static final class Join extends BerthCommand {
        @Parameters(index = "0", paramLabel = "PACKAGE")
        String packageName;

        @Option(names = "--days", paramLabel = "N", description = "For how many days.")
        Integer days;

        @Option(names = "--hours", paramLabel = "N", description = "For how many hours.")
        Integer hours;

        @Option(names = "--pool", paramLabel = "POOL", description = "The pool (default: the first bookable one).")
        String pool;

        @Override
        int execute() {
            if ((days == null) == (hours == null)) {
                throw usage("give --days or --hours");
            }
            print(this, client().joinQueue(packageName, days, hours, pool));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your places in queues.")
    static final class ListEntries extends BerthCommand {
        @Override
        int execute() {
            List<QueueView> entries = client().listQueue();
            if (json()) {
                printJson(entries);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "PACKAGE", "POOL", "POSITION", "STATUS", "OFFER UNTIL");
            for (QueueView entry : entries) {
                table.row(entry.id(), entry.packageName(), entry.pool(), String.valueOf(entry.position()),
                        entry.status(), entry.offerExpiresAt() == null ? "" : Text.instant(entry.offerExpiresAt()));
            }
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One place in a queue, with its position.")
    static final class Show extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            print(this, client().getQueueEntry(id));
            return ExitCodes.OK;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Take the offer an entry holds.")
    static final class Accept extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            BookingsCommand.print(this, client().acceptOffer(id));
            return ExitCodes.OK;
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave a queue.")
    static final class Leave extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            print(this, client().leaveQueue(id));
            return ExitCodes.OK;
        }
    }
}

package io.berth.client.cli;

import io.berth.client.BookingView;
import io.berth.client.FeedView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bookings", mixinStandardHelpOptions = true, description = "List, show, extend and cancel your bookings.",
        subcommands = {BookingsCommand.ListBookings.class, BookingsCommand.Show.class, BookingsCommand.Extend.class,
                BookingsCommand.Cancel.class, BookingsCommand.Feed.class})
final class BookingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // `berth bookings` alone lists them
        return spec.commandLine().getSubcommands().get("list").execute();
    }

    static void print(BerthCommand command, BookingView booking) {
        if (command.json()) {
            command.printJson(booking);
            return;
        }
        new Fields()
                .add("Booking", booking.id())
                .add("Package", booking.count() + " × " + booking.packageName())
                .add("Resources", booking.resources() == null ? "" : booking.resources().describe())
                .add("Pool", booking.pool())
                .add("From", Text.instant(booking.start()))
                .add("Until", Text.instant(booking.end()))
                .add("Spans", String.valueOf(booking.spans().size()))
                .add("Status", booking.status())
                .print(command.out());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your bookings, the latest first.")
    static final class ListBookings extends BerthCommand {
        @Override
        int execute() {
            List<BookingView> bookings = client().listBookings();
            if (json()) {
                printJson(bookings);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "PACKAGE", "POOL", "FROM", "UNTIL", "STATUS");
            for (BookingView booking : bookings) {
                table.row(booking.id(), booking.count() + " × " + booking.packageName(), booking.pool(),
                        Text.instant(booking.start()), Text.instant(booking.end()), booking.status());
            }
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One booking.")
    static final class Show extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            print(this, client().getBooking(id));
            return ExitCodes.OK;
        }
    }

    @Command(name = "extend", mixinStandardHelpOptions = true,
            description = {"Move the end of a booking.",
                    "When it does not fit, the answer names the longest extension that does."})
    static final class Extend extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--end", paramLabel = "WHEN", description = "The new end, a date or ISO time.")
        String end;

        @Option(names = "--days", paramLabel = "N", description = "Days more.")
        Integer days;

        @Option(names = "--hours", paramLabel = "N", description = "Hours more.")
        Integer hours;

        @Override
        int execute() {
            int given = (end == null ? 0 : 1) + (days == null ? 0 : 1) + (hours == null ? 0 : 1);
            if (given != 1) {
                throw usage("give one of --end, --days or --hours");
            }
            print(this, client().extendBooking(id, end, days, hours));
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a booking; it stays listed.")
    static final class Cancel extends BerthCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int execute() {
            print(this, client().cancelBooking(id));
            return ExitCodes.OK;
        }
    }

    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = "Make a new secret address of your bookings' calendar (iCalendar); the old one stops working.")
    static final class Feed extends BerthCommand {
        @Override
        int execute() {
            FeedView feed = client().rotateCalendarFeed();
            if (json()) {
                printJson(feed);
            } else {
                out().println("Subscribe to this address in your calendar program; keep it secret:");
                out().println(feed.url());
            }
            return ExitCodes.OK;
        }
    }

}

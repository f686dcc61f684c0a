package io.berth.client.cli;

import io.berth.client.BookingRequest;
import io.berth.client.BookingView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "book", mixinStandardHelpOptions = true,
        description = {"Book a package for a block of days or hours.",
                "Example: berth book small --start 2026-11-25 --days 2"})
final class BookCommand extends BerthCommand {

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "tiny, small, medium, large, ...")
    String packageName;

    @Option(names = "--start", paramLabel = "WHEN", defaultValue = "now",
            description = "A date (2026-11-25), an ISO time, or now (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--end", paramLabel = "WHEN", description = "A date or ISO time (exclusive).")
    String end;

    @Option(names = "--days", paramLabel = "N", description = "For how many days.")
    Integer days;

    @Option(names = "--hours", paramLabel = "N", description = "For how many hours.")
    Integer hours;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Units (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--pool", paramLabel = "POOL", description = "The pool (default: the first where it fits).")
    String pool;

    @Override
    int execute() {
        int given = (end == null ? 0 : 1) + (days == null ? 0 : 1) + (hours == null ? 0 : 1);
        if (given != 1) {
            throw usage("give one of --end, --days or --hours");
        }
        BookingView booking = client().book(new BookingRequest(packageName, count, pool, start, end, days, hours,
                null));
        BookingsCommand.print(this, booking);
        return ExitCodes.OK;
    }
}

package io.berth.client.cli;

import io.berth.client.EarliestView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

@Command(name = "availability", mixinStandardHelpOptions = true,
        description = {"Show what can be booked: === available, --- not, ### your own booking.",
                "With --earliest, say when a package can be had for a number of days."})
final class AvailabilityCommand extends BerthCommand {

    static final class Period {
        @Option(names = "--today", description = "Today, hour by hour.")
        boolean today;
        @Option(names = "--tomorrow", description = "Tomorrow, hour by hour.")
        boolean tomorrow;
        @Option(names = "--week", description = "This week, day by day (the default).")
        boolean week;
        @Option(names = "--next-week", description = "Next week, day by day.")
        boolean nextWeek;
        @Option(names = "--month", description = "This month, day by day.")
        boolean month;
        @Option(names = "--next-month", description = "Next month, day by day.")
        boolean nextMonth;
    }

    @ArgGroup(exclusive = true)
    Period period;

    @Option(names = "--from", paramLabel = "DATE", description = "Start of a custom range (with --to), e.g. 2026-05-25.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "End of a custom range (exclusive).")
    String to;

    @Option(names = "--columns", paramLabel = "WIDTH", description = "hour, day or week.")
    String columns;

    @Option(names = {"-p", "--packages"}, paramLabel = "NAMES", split = ",",
            description = "Packages to show (default: all), e.g. small,large.")
    List<String> packages;

    @Option(names = "--pool", paramLabel = "POOL", description = "The pool (default: the first bookable one).")
    String pool;

    @Option(names = "--earliest", paramLabel = "PACKAGE",
            description = "Instead of a grid: the earliest start for this package (with --days or --hours).")
    String earliest;

    @Option(names = "--days", paramLabel = "N", description = "With --earliest: for how many days.")
    Integer days;

    @Option(names = "--hours", paramLabel = "N", description = "With --earliest: for how many hours.")
    Integer hours;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "With --earliest: units (default 1).")
    int count;

    @Override
    int execute() {
        if (earliest != null) {
            if ((days == null) == (hours == null)) {
                throw usage("--earliest needs --days or --hours");
            }
            EarliestView answer = client().earliest(earliest, count, days, hours, pool);
            if (json()) {
                printJson(answer);
            } else if (answer.found()) {
                out().println(count + " × " + earliest + " can start at " + Text.instant(answer.start()) + " (until "
                        + Text.instant(answer.end()) + ").");
            } else {
                out().println(count + " × " + earliest + " does not fit for that long within what you may book.");
            }
            return ExitCodes.OK;
        }
        List<String> query = new ArrayList<>();
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw usage("--from and --to go together");
            }
            if (period != null) {
                throw usage("give a period or --from and --to, not both");
            }
            query.add("from=" + encode(from));
            query.add("to=" + encode(to));
        } else if (period != null) {
            query.add("period=" + (period.today ? "today" : period.tomorrow ? "tomorrow" : period.nextWeek ? "next-week"
                    : period.month ? "month" : period.nextMonth ? "next-month" : "week"));
        }
        if (columns != null) {
            query.add("columns=" + encode(columns));
        }
        if (packages != null && !packages.isEmpty()) {
            query.add("packages=" + encode(String.join(",", packages)));
        }
        if (pool != null) {
            query.add("pool=" + encode(pool));
        }
        String joined = String.join("&", query);
        if (json()) {
            printJson(client().availability(joined));
        } else {
            out().print(client().availabilityText(joined));
        }
        return ExitCodes.OK;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package io.berth.client.cli;

import io.berth.client.LevelView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;

@Command(name = "levels", mixinStandardHelpOptions = true,
        description = {"The quotas of each account level: notebooks, saved and /temp data (count x size), how long"
                + " they are kept, and the default package.",
                "A level without a line has those of the highest level below it."},
        subcommands = {LevelsCommand.Set.class, LevelsCommand.Reset.class})
final class LevelsCommand extends BerthCommand {

    @Override
    int execute() {
        List<LevelView> levels = client().listLevels();
        if (json()) {
            printJson(levels);
            return ExitCodes.OK;
        }
        print(out(), levels);
        return ExitCodes.OK;
    }

    static void print(PrintStream out, List<LevelView> levels) {
        Table table = new Table("LEVEL", "NOTEBOOKS", "SAVED DATA", "/TEMP DATA", "KEPT (TEMP, SAVED, NOTEBOOKS)",
                "PACKAGE");
        for (LevelView level : levels) {
            table.row(String.valueOf(level.level()), level.notebooks().describe(), level.savedData().describe(),
                    level.tempData().describe(), kept(level.retention()), level.defaultPackage());
        }
        table.print(out);
    }

    static String kept(LevelView.Retention retention) {
        return retention.transientAccount() ? "until logout"
                : retention.tempDataDays() + " d, " + months(retention.savedDataMonths()) + ", "
                + months(retention.notebookMonths());
    }

    private static String months(Integer months) {
        return months == null ? "permanently" : months + " months";
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a level's quotas at runtime (admins); they override the server's configuration"
                    + " until 'berth levels reset'.",
                    "What is not given keeps the value the level has now."})
    static final class Set extends BerthCommand {

        @Parameters(index = "0", paramLabel = "LEVEL", description = "The level, 0 to 99.")
        int level;

        @Option(names = "--notebooks", paramLabel = "N", description = "How many notebooks.")
        Integer notebooks;

        @Option(names = "--notebook-size", paramLabel = "MIB", description = "The size of each notebook, MiB.")
        Long notebookSize;

        @Option(names = "--saved", paramLabel = "N", description = "How many saved data files.")
        Integer saved;

        @Option(names = "--saved-size", paramLabel = "MIB", description = "The size of each saved file, MiB.")
        Long savedSize;

        @Option(names = "--temp", paramLabel = "N", description = "How many files under /temp.")
        Integer temp;

        @Option(names = "--temp-size", paramLabel = "MIB", description = "The size of each /temp file, MiB.")
        Long tempSize;

        @Option(names = "--temp-days", paramLabel = "DAYS", description = "Days /temp files are kept (0: until logout).")
        Integer tempDays;

        @Option(names = "--saved-months", paramLabel = "MONTHS|keep", description = "Months saved data is kept.")
        String savedMonths;

        @Option(names = "--notebook-months", paramLabel = "MONTHS|keep", description = "Months notebooks are kept.")
        String notebookMonths;

        @Option(names = "--default-package", paramLabel = "NAME", description = "The package of the level.")
        String defaultPackage;

        @Override
        int execute() {
            if (level < 0 || level > 99) {
                throw usage("LEVEL must be from 0 to 99");
            }
            LevelView now = null;
            for (LevelView entry : client().listLevels()) {
                if (entry.level() <= level) {
                    now = entry;
                }
            }
            if (now == null) {
                throw usage("the server lists no level at or below " + level);
            }
            LevelView.Retention retention = now.retention();
            LevelView changed = new LevelView(level,
                    new LevelView.Quota(or(notebooks, now.notebooks().maxCount()),
                            or(notebookSize, now.notebooks().maxSizeMiB())),
                    new LevelView.Quota(or(saved, now.savedData().maxCount()),
                            or(savedSize, now.savedData().maxSizeMiB())),
                    new LevelView.Quota(or(temp, now.tempData().maxCount()), or(tempSize, now.tempData().maxSizeMiB())),
                    new LevelView.Retention(or(tempDays, retention.tempDataDays()),
                            months(savedMonths, retention.savedDataMonths(), "--saved-months"),
                            months(notebookMonths, retention.notebookMonths(), "--notebook-months"), false),
                    defaultPackage == null ? now.defaultPackage() : defaultPackage);
            LevelView stored = client().setLevel(changed);
            if (json()) {
                printJson(stored);
            } else {
                print(out(), List.of(stored));
            }
            return ExitCodes.OK;
        }

        private static <T> T or(T given, T current) {
            return given == null ? current : given;
        }

        private Integer months(String given, Integer current, String option) {
            if (given == null) {
                return current;
            }
            if (given.equals("keep")) {
                return null;
            }
            try {
                return Integer.valueOf(given);
            } catch (NumberFormatException e) {
                throw usage(option + " must be a number of months or 'keep': '" + given + "'");
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Drop a level's runtime quotas (admins): the configured ones apply again.")
    static final class Reset extends BerthCommand {

        @Parameters(index = "0", paramLabel = "LEVEL", description = "The level, 0 to 99.")
        int level;

        @Override
        int execute() {
            LevelView now = client().resetLevel(level);
            if (json()) {
                printJson(now);
            } else {
                print(out(), List.of(now));
            }
            return ExitCodes.OK;
        }
    }
}

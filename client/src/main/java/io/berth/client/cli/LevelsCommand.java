package io.berth.client.cli;

import io.berth.client.LevelView;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "levels", mixinStandardHelpOptions = true,
        description = {"The quotas of each account level: notebooks, saved and /temp data (count x size), how long"
                + " they are kept, and the default package.",
                "A level without a line has those of the highest level below it."})
final class LevelsCommand extends BerthCommand {

    @Override
    int execute() {
        List<LevelView> levels = client().listLevels();
        if (json()) {
            printJson(levels);
            return ExitCodes.OK;
        }
        Table table = new Table("LEVEL", "NOTEBOOKS", "SAVED DATA", "/TEMP DATA", "KEPT (TEMP, SAVED, NOTEBOOKS)",
                "PACKAGE");
        for (LevelView level : levels) {
            LevelView.Retention retention = level.retention();
            String kept = retention.transientAccount() ? "until logout"
                    : retention.tempDataDays() + " d, " + months(retention.savedDataMonths()) + ", "
                    + months(retention.notebookMonths());
            table.row(String.valueOf(level.level()), level.notebooks().describe(), level.savedData().describe(),
                    level.tempData().describe(), kept, level.defaultPackage());
        }
        table.print(out());
        return ExitCodes.OK;
    }

    private static String months(Integer months) {
        return months == null ? "permanently" : months + " months";
    }
}

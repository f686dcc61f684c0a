package io.berth.client.cli;

import java.io.PrintStream;

/**
 * Shows progress lines: on a console each line replaces the previous one in place, elsewhere (a pipe, a
 * log file) each is printed on a line of its own so nothing is lost.
 */
final class ProgressPrinter {

    private final PrintStream out;
    private final boolean console;
    private final int columns;
    private int shown = -1;

    ProgressPrinter(PrintStream out, boolean console, int columns) {
        this.out = out;
        this.console = console;
        this.columns = columns;
    }

    void show(String line) {
        if (!console) {
            out.println(line);
            return;
        }
        // A line longer than the terminal wraps, and '\r' then returns only to the start of its last row.
        String fitted = line.length() < columns ? line : line.substring(0, columns - 1);
        out.print("\r" + fitted + " ".repeat(Math.max(0, shown - fitted.length())));
        out.flush();
        shown = fitted.length();
    }

    void finish() {
        if (console && shown >= 0) {
            out.println();
        }
    }
}

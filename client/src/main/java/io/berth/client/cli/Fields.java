package io.berth.client.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A block of "Label  value" lines with the values aligned; empty values are left out. */
final class Fields {

    private final List<String[]> lines = new ArrayList<>();

    Fields add(String label, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(new String[] {label, value});
        }
        return this;
    }

    void print(PrintStream out) {
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        for (String[] line : lines) {
            out.println(line[0] + " ".repeat(width - line[0].length() + 2) + line[1]);
        }
    }
}

package dev.errseq.cli;

import java.io.PrintWriter;
import java.util.List;

/** The rows of {@code errseq conformance} as one table, its columns as wide as their text. */
final class ConformanceTable {
    private static final String[] HEADER = {"scenario", "fs", "who", "reports per watcher", "verdict"};

    private ConformanceTable() {
    }

    static void print(PrintWriter out, List<ConformanceRow> rows) {
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
        }
        for (ConformanceRow row : rows) {
            width[0] = Math.max(width[0], row.scenario().length());
            width[1] = Math.max(width[1], row.fs().length());
            for (String[] line : row.lines()) {
                width[2] = Math.max(width[2], line[0].length());
                width[3] = Math.max(width[3], line[1].length());
            }
        }
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-"
                + width[3] + "s  %s";
        out.println(String.format(format, (Object[]) HEADER).stripTrailing());
        out.println("-".repeat(width[0] + width[1] + width[2] + width[3] + 8 + 10));
        for (ConformanceRow row : rows) {
            if (row.lines().isEmpty()) {
                out.println(String.format(format, row.scenario(), row.fs(), "-", "-",
                        row.verdict() + ": " + row.note()));
                continue;
            }
            for (int i = 0; i < row.lines().size(); i++) {
                String[] line = row.lines().get(i);
                String last = i == 0 ? row.verdict() : i == 1 ? "(" + row.note() + ")" : "";
                out.println(String.format(format, i == 0 ? row.scenario() : "",
                        i == 0 ? row.fs() : "", line[0], line[1], last).stripTrailing());
            }
        }
    }
}

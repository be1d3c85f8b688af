package dev.errseq.fs;

import dev.errseq.Errno;
import dev.errseq.fs.Scenarios.Impl;
import dev.errseq.fs.Scenarios.Outcome;
import dev.errseq.fs.Scenarios.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conformance command: plays every {@link Scenario} on every {@link LoopFilesystem.Kind}
 * against the real kernel, the C core and the Java twin (the same code as
 * {@link KernelConformanceTest}) and prints what each watcher got, as a table:
 *
 * <pre>
 * ./mvnw -q -Pconformance verify
 * </pre>
 *
 * <p>Each row ends with the replay of the file's traced words through the C core and the Java
 * twin: {@code traced words N, C core N, Java twin N, differ 0} (where tracing is possible).
 *
 * <p>Exits 1 if any row's three worlds disagree, if a replay differs, if the kernel's reports lack an error the
 * scenario makes (UNEXPECTED), or if a row could not run (ERROR); 0 otherwise, also when rows
 * are SKIPPED because the machine cannot run them (not root, no loop devices, no mkfs,
 * kernel older than 5.8), which the table says. Arguments, if any, select scenarios or
 * filesystems by name ({@code generic441_fsyncErrOnEveryHandle}, {@code xfs}, ...).
 */
public final class ConformanceReport {
    private record Row(String scenario, String fs, String verdict, List<String[]> lines,
            String note) {
    }

    private ConformanceReport() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        if (Assumptions.whyNotRoot().isEmpty()) {
            LoopFilesystem.cleanStale();
        }
        Optional<String> kernelWhy = Assumptions.whyNoSyncfsErrors();
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        for (Scenario scenario : Scenario.values()) {
            for (LoopFilesystem.Kind kind : LoopFilesystem.Kind.values()) {
                if (!selected(args, scenario, kind)) {
                    continue;
                }
                Optional<String> why = kernelWhy.or(() -> Assumptions.whyNoLoopFilesystem(kind));
                if (why.isPresent()) {
                    rows.add(new Row(scenario.testName, kind.fsName(), "SKIPPED", List.of(),
                            why.get()));
                    continue;
                }
                try {
                    Outcome outcome = Scenarios.run(scenario, kind);
                    List<String[]> lines = new ArrayList<>();
                    for (Impl impl : Impl.values()) {
                        lines.add(new String[] {impl.label, outcome.render(impl)});
                    }
                    String note = "model fed: file " + Errno.name(outcome.fileErrno()) + ", sb "
                            + Errno.name(outcome.sbErrno());
                    if (!outcome.kernelNotes().isEmpty()) {
                        note += "; " + String.join("; ", outcome.kernelNotes());
                    }
                    lines.add(new String[] {"replay", outcome.replay().map(ReplayCheck::line)
                            .orElse("not run: " + outcome.whyNoReplay().orElse("?"))});
                    String verdict = outcome.verdict();
                    if (outcome.replay().isPresent() && !outcome.replay().get().exact()) {
                        verdict = "REPLAY DIFFERS";
                        note += "; " + outcome.replay().get().explain();
                    }
                    if (outcome.verdict().equals("UNEXPECTED")) {
                        note += "; expected " + Scenarios.renderShape(scenario.expectedShape);
                    }
                    rows.add(new Row(scenario.testName, kind.fsName(), verdict, lines, note));
                } catch (Exception | Error e) {
                    rows.add(new Row(scenario.testName, kind.fsName(), "ERROR", List.of(),
                            e.toString().replace('\n', ' ')));
                }
            }
        }
        print(out, rows);
        long agree = rows.stream().filter(r -> r.verdict.equals("agree")).count();
        long skipped = rows.stream().filter(r -> r.verdict.equals("SKIPPED")).count();
        long failed = rows.size() - agree - skipped;
        out.printf("%nkernel %s; %d rows: %d agree, %d disagree or failed, %d skipped (%.1f s)%n",
                System.getProperty("os.version"), rows.size(), agree, failed, skipped,
                (System.nanoTime() - started) / 1e9);
        out.println("Each watcher's reports in order (0 = success); C core and Java twin model"
                + " the kernel's words in Layout.UPSTREAM. The kernel plays first and the models"
                + " are fed the errno it reported first (for the file's word from fsync or"
                + " fdatasync, for the superblock's from syncfs): which errno is stored is the"
                + " block layer's business; when and to whom it is reported is errseq's.");
        out.flush();
        System.exit(failed > 0 ? 1 : 0);
    }

    private static boolean selected(String[] args, Scenario scenario, LoopFilesystem.Kind kind) {
        List<String> scenarios = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (String arg : args) {
            boolean isKind = false;
            for (LoopFilesystem.Kind k : LoopFilesystem.Kind.values()) {
                isKind |= k.fsName().equals(arg);
            }
            (isKind ? kinds : scenarios).add(arg);
        }
        return (scenarios.isEmpty() || scenarios.contains(scenario.testName))
                && (kinds.isEmpty() || kinds.contains(kind.fsName()));
    }

    private static void print(PrintStream out, List<Row> rows) {
        String[] header = {"scenario", "fs", "who", "reports per watcher", "verdict"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row row : rows) {
            width[0] = Math.max(width[0], row.scenario.length());
            width[1] = Math.max(width[1], row.fs.length());
            for (String[] line : row.lines) {
                width[2] = Math.max(width[2], line[0].length());
                width[3] = Math.max(width[3], line[1].length());
            }
        }
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-"
                + width[3] + "s  %s%n";
        out.printf(format, (Object[]) header);
        out.println("-".repeat(width[0] + width[1] + width[2] + width[3] + 8 + 10));
        for (Row row : rows) {
            if (row.lines.isEmpty()) {
                out.printf(format, row.scenario, row.fs, "-", "-", row.verdict + ": " + row.note);
                continue;
            }
            for (int i = 0; i < row.lines.size(); i++) {
                String[] line = row.lines.get(i);
                out.printf(format, i == 0 ? row.scenario : "", i == 0 ? row.fs : "", line[0],
                        line[1], i == 0 ? row.verdict : i == 1 ? "(" + row.note + ")" : "");
            }
        }
    }
}

package dev.errseq.cli;

import dev.errseq.cli.conformance.Conformance;
import dev.errseq.cli.conformance.Scenario;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The demo's second part: the seed scenarios on this machine's kernel, on a real ext4 that
 * fails on demand, beside the models. Where that cannot be made (not root, no loop devices),
 * one line says why, and the demo still succeeds: its first part needs nothing.
 */
final class DemoOnKernel {
    private final PrintWriter out;
    private final boolean json;

    DemoOnKernel(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** @return false if the kernel and the models disagreed, or a scenario could not run */
    boolean play() {
        Optional<Problem> missing = RealFilesystems.missingFor(List.of(FilesystemKind.EXT4), true);
        if (missing.isPresent()) {
            String why = missing.get().getMessage();
            out.println(json ? new Json().put("kernel_part", "left out").put("reason", why)
                    : "\nkernel part left out: " + why);
            return true;
        }
        if (!json) {
            out.println();
            out.println("On this machine's kernel (Linux " + System.getProperty("os.version")
                    + "), a real ext4 whose writeback fails on demand; the kernel keeps the"
                    + " upstream layout, so the models beside it are upstream words:");
        }
        boolean ok = true;
        for (Scenario scenario : Scenario.SEED) {
            ConformanceRow row = play(scenario);
            ok &= row.agrees();
            if (json) {
                out.println(row.json());
            } else {
                print(scenario, row);
            }
            out.flush();
        }
        if (!json) {
            out.println();
            out.println(ok ? "on the kernel: kernel, C core and Java twin agree in all three"
                    : "FAILED on the kernel: see the verdicts above");
        }
        return ok;
    }

    private static ConformanceRow play(Scenario scenario) {
        try {
            return ConformanceRow.of(Conformance.run(scenario, FilesystemKind.EXT4));
        } catch (IOException | RuntimeException e) {
            return ConformanceRow.failed(scenario.caseName(), FilesystemKind.EXT4.fsName(), e);
        }
    }

    private void print(Scenario scenario, ConformanceRow row) {
        out.println();
        out.println(scenario.caseName() + " on ext4");
        out.println("  " + scenario.description());
        for (String[] line : row.lines()) {
            out.println(String.format("  %-10s %s", line[0], line[1]));
        }
        out.println("  verdict: " + (row.agrees() ? "OK, " : "FAILED: ") + row.verdict()
                + " (" + row.note() + ")");
    }
}

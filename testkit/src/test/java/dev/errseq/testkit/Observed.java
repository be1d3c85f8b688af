package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the kernel answered in one trap on one filesystem, against what it answered when the
 * table in the README was made. Every answer is printed as one row,
 * {@code TRAP | fs | trap | case | answer}, and checked only at the end, so that a kernel
 * that answers differently shows every changed row at once.
 */
final class Observed {
    private final FilesystemKind kind;
    private final String trap;
    private final List<String> changed = new ArrayList<>();

    Observed(FilesystemKind kind, String trap) {
        this.kind = kind;
        this.trap = trap;
    }

    /**
     * Prints the row and notes it unless {@code answer} is one of {@code expected} (more than
     * one where the kernel's answer depends on which failed write came last).
     */
    void expect(String situation, String answer, String... expected) {
        System.out.println("TRAP | " + kind + " | " + trap + " | " + situation + " | " + answer);
        if (!Set.of(expected).contains(answer)) {
            changed.add(situation + ": the kernel answered '" + answer + "', the table says "
                    + String.join(" or ", expected));
        }
    }

    /** Fails with every row whose answer differs from the table's. */
    void verify() {
        assertTrue(changed.isEmpty(), kind + ", " + trap + " on Linux "
                + System.getProperty("os.version") + ":\n" + String.join("\n", changed));
    }
}

package dev.errseq.testkit;

import java.util.Optional;
import org.opentest4j.TestAbortedException;

/** Turns a missing prerequisite into a skipped test, or a failed one where tests must run. */
public final class Skip {
    private Skip() {
    }

    /**
     * Lets the test go on when {@code missing} is empty. Otherwise the test is aborted (JUnit
     * reports it skipped) with the reason, which is printed too; or, where the environment
     * variable {@value Prerequisites#REQUIRE_VARIABLE} is {@code 1}, it fails.
     *
     * @param missing a reason from one of the {@code Prerequisites.missingFor*} methods
     * @throws TestAbortedException if something is missing
     * @throws AssertionError if something is missing and
     *     {@value Prerequisites#REQUIRE_VARIABLE}=1
     */
    public static void ifMissing(Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        if (Prerequisites.isRequired()) {
            throw new AssertionError(Prerequisites.REQUIRE_VARIABLE + "=1 requires the"
                    + " real-kernel tests to run, but: " + missing.get());
        }
        System.out.println("SKIPPED: " + missing.get());
        throw new TestAbortedException(missing.get());
    }
}

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
        failIfRequired("the real-kernel tests", missing.get());
        System.out.println("SKIPPED: " + missing.get());
        throw new TestAbortedException(missing.get());
    }

    /**
     * Whether a part of a test can run, for a test whose other parts go on regardless: true
     * when {@code missing} is empty; otherwise false, with the reason printed, or a failure
     * where {@value Prerequisites#REQUIRE_VARIABLE} is {@code 1}.
     *
     * @param part what would be left out, such as {@code "the trace replay"}
     * @param missing a reason from one of the {@code Prerequisites.missingFor*} methods
     * @return whether nothing is missing
     * @throws AssertionError if something is missing and
     *     {@value Prerequisites#REQUIRE_VARIABLE}=1
     */
    public static boolean partUnlessMissing(String part, Optional<String> missing) {
        if (missing.isEmpty()) {
            return true;
        }
        failIfRequired(part, missing.get());
        System.out.println("LEFT OUT (" + part + "): " + missing.get());
        return false;
    }

    private static void failIfRequired(String what, String reason) {
        if (Prerequisites.isRequired()) {
            throw new AssertionError(Prerequisites.REQUIRE_VARIABLE + "=1 requires " + what
                    + " to run, but: " + reason);
        }
    }
}

package dev.errseq.kerneltests;

import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;

/**
 * The one prerequisite combination the real-kernel tests ask for that the testkit does not
 * name: a faulty filesystem traced by a writeback-error monitor, for a whole test or for a
 * part of one.
 */
public final class TracingSkips {
    private TracingSkips() {
    }

    /**
     * Skips the test (or fails it, where the real-kernel tests must run) unless a monitor can
     * trace a faulty filesystem of {@code kind}: root, loop devices, the kind's tools, Linux
     * 4.14 or newer. tracefs itself the monitor mounts when it is missing.
     *
     * @param kind the filesystem to trace
     */
    public static void unlessTracing(FilesystemKind kind) {
        Skip.ifMissing(Prerequisites.missingFor(kind).or(Prerequisites::missingForTracing));
    }

    /**
     * Whether the part of a test that needs tracing can run. Where it cannot, the reason is
     * printed and the rest of the test goes on, unless
     * {@value Prerequisites#REQUIRE_VARIABLE}=1, where it fails.
     *
     * @return true if tracing works here
     * @throws AssertionError if tracing cannot work and the real-kernel tests must run
     */
    public static boolean tracingOrNote() {
        return Skip.partUnlessMissing("the trace replay", Prerequisites.missingForTracing());
    }
}

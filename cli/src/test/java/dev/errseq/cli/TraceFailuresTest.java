package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errseq.trace.TraceException;
import dev.errseq.trace.TraceRefusals;
import org.junit.jupiter.api.Test;

/**
 * Each refusal of the trace monitor becomes one line with its status: not root 77; no tracefs,
 * missing events and lockdown 69. The messages are the library's, which name the fix. (Not
 * root is also run for real as uid 65534 in JarRunIT; this machine has tracefs, the events
 * and no lockdown, so the 69s are checked here.)
 */
class TraceFailuresTest {
    private static void assertProblem(int status, TraceException refusal) {
        Problem problem = Failures.problemOf(refusal);
        assertEquals(status, problem.exitCode());
        assertEquals(refusal.getMessage(), problem.getMessage());
        assertEquals(1, problem.getMessage().lines().count());
        assertEquals(refusal, problem.getCause());
    }

    @Test
    void notRootIsExit77() {
        assertProblem(ExitCodes.NO_PERM, TraceRefusals.notRoot());
        assertEquals("tracing writeback errors needs root: this process runs with effective uid"
                + " 1000; run it as root (or with CAP_SYS_ADMIN, and tracefs readable)",
                Failures.problemOf(TraceRefusals.notRoot()).getMessage());
    }

    @Test
    void noTracefsIsExit69() {
        assertProblem(ExitCodes.UNAVAILABLE, TraceRefusals.tracefsUnavailable());
    }

    @Test
    void missingEventsAreExit69AndNameTheKernelNeeded() {
        assertProblem(ExitCodes.UNAVAILABLE, TraceRefusals.eventsMissing());
        assertEquals(true, Failures.problemOf(TraceRefusals.eventsMissing()).getMessage()
                .endsWith("a newer kernel is needed to watch writeback errors without consuming"
                        + " them"));
    }

    @Test
    void lockdownIsExit69AndNamesTheBootOption() {
        assertProblem(ExitCodes.UNAVAILABLE, TraceRefusals.lockedDown());
        assertEquals(true, Failures.problemOf(TraceRefusals.lockedDown()).getMessage()
                .endsWith("boot with lockdown=integrity or none to watch writeback errors"));
    }
}

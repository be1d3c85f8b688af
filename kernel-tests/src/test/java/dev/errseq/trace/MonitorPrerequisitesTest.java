package dev.errseq.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.internal.Processes;
import dev.errseq.kerneltests.WorldReadableClassPath;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each prerequisite the monitor checks, and the exception that names it. Not root is real (a
 * child JVM with dropped privileges); a kernel without the events and a machine without
 * tracefs are reached through the package-private {@link TraceEnvironment} seam (a fake tracefs
 * directory, a mount table without tracefs and a mount point that does not exist, with the real
 * mount(2)); lockdown, which this machine is not in, through the classification alone.
 */
class MonitorPrerequisitesTest {
    private static final String PROC_ONLY = "21 26 0:20 / /proc rw,relatime - proc proc rw\n";

    @Test
    void notRootIsRefusedBeforeAnythingIsTouched(@TempDir Path classes) throws Exception {
        if (Processes.effectiveUid() != 0) {
            TraceException e = assertThrowsExactly(NotRootException.class,
                    WritebackErrorMonitor::start);
            assertTrue(e.getMessage().contains("needs root"), e.getMessage());
            return;
        }
        TreeSet<String> before = TraceFixtures.instances();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", WorldReadableClassPath.of(classes, WritebackErrorMonitor.class,
                        NotRootProbe.class), NotRootProbe.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new File("/")).start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("RESULT " + NotRootException.class.getName()
                + ": tracing writeback errors needs root: this process runs with effective"
                + " uid 65534"), output);
        assertEquals(before, TraceFixtures.instances(), "the refused start changed tracefs");
    }

    @Test
    void aTracefsWithoutTheEventsIsAnOldKernel(@TempDir Path fake) throws IOException {
        Files.createDirectories(fake.resolve("instances"));
        Path enable = fake.resolve("events/filemap/filemap_set_wb_err/enable");
        Files.createDirectories(enable.getParent());
        Files.writeString(enable, "0\n");
        TraceEnvironment env = new TraceEnvironment(0, PROC_ONLY, fake.resolve("unused"),
                fake.resolve("lockdown"), fake);

        TraceEventsMissingException e = assertThrowsExactly(TraceEventsMissingException.class,
                () -> WritebackErrorMonitor.builder().environment(env).start());
        assertEquals(List.of("filemap:file_check_and_advance_wb_err"), e.missingEvents());
        assertTrue(e.getMessage().contains("Linux 4.14"), e.getMessage());
        try (Stream<Path> left = Files.list(fake.resolve("instances"))) {
            assertEquals(0, left.count(), "an instance was made on a tracefs without the events");
        }
        assertEquals("0\n", Files.readString(enable));
    }

    @Test
    void noTracefsAndNoWayToMountItIsExplained(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-mount-point");
        TraceEnvironment env = new TraceEnvironment(0, PROC_ONLY, missing,
                dir.resolve("lockdown"), null);

        TracefsUnavailableException e = assertThrowsExactly(TracefsUnavailableException.class,
                () -> WritebackErrorMonitor.builder().environment(env).start());
        // Root gets ENOENT for the missing mount point, anyone else EPERM first.
        String expected = Processes.effectiveUid() == 0 ? "ENOENT" : "EPERM";
        assertTrue(e.getMessage().contains("mounting it at " + missing + " failed with "
                + expected), e.getMessage());
        assertTrue(e.getMessage().contains("mount -t tracefs nodev /sys/kernel/tracing"),
                e.getMessage());
        assertFalse(Files.exists(missing));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(missing.toString()));
    }

    @Test
    void permissionDeniedUnderConfidentialityLockdownIsLockdown(@TempDir Path dir)
            throws IOException {
        Path lockdown = dir.resolve("lockdown");
        TraceEnvironment env = new TraceEnvironment(0, PROC_ONLY, dir, lockdown, null);
        AccessDeniedException denied = new AccessDeniedException(
                "/sys/kernel/tracing/instances/errseq-1-1");

        Files.writeString(lockdown, "none integrity [confidentiality]\n");
        IOException locked = TraceInstance.lockdownOr(env, denied);
        assertEquals(TracingLockedDownException.class, locked.getClass());
        assertTrue(locked.getMessage().contains("lockdown=integrity"), locked.getMessage());
        assertSame(denied, locked.getCause());

        Files.writeString(lockdown, "none [integrity] confidentiality\n");
        assertSame(denied, TraceInstance.lockdownOr(env, denied), "integrity allows tracefs");
        Files.delete(lockdown);
        assertSame(denied, TraceInstance.lockdownOr(env, denied), "no securityfs: no lockdown");
        IOException other = new IOException("No space left on device");
        Files.writeString(lockdown, "none integrity [confidentiality]\n");
        assertSame(other, TraceInstance.lockdownOr(env, other), "only EPERM means lockdown");
    }
}

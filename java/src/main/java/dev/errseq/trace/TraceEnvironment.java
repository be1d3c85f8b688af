package dev.errseq.trace;

import dev.errseq.internal.CStrings;
import dev.errseq.internal.MountNatives;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.Processes;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the monitor learns about the machine: the effective uid, the mount table, where to
 * mount tracefs, the lockdown state, and mount(2) itself. {@link #SYSTEM} is the real machine.
 *
 * <p>The other constructions exist only as a seam for the tests, which point the monitor at a
 * fake tracefs directory or at a mount table without tracefs to reach the failures this
 * machine cannot produce (an old kernel without the events, a kernel without tracefs). They
 * are package-private and are not part of the API.
 *
 * @param euid the effective uid to check
 * @param mountinfo the mount table's text
 * @param mountTarget where tracefs is mounted when it is not mounted anywhere
 * @param lockdown the kernel's lockdown file
 * @param fixedTracefs a tracefs root to use as it is, skipping the mount table (tests only)
 */
record TraceEnvironment(long euid, String mountinfo, Path mountTarget, Path lockdown,
        Path fixedTracefs) {
    /** Where tracefs belongs since Linux 4.1. */
    static final Path TRACEFS_HOME = Path.of("/sys/kernel/tracing");
    static final Path LOCKDOWN = Path.of("/sys/kernel/security/lockdown");

    /** The real machine, read now. */
    static TraceEnvironment system() throws IOException {
        return new TraceEnvironment(Processes.effectiveUid(), Files.readString(
                MountTable.PROC_SELF_MOUNTINFO, CStrings.PATH_CHARSET), TRACEFS_HOME, LOCKDOWN,
                null);
    }

    /** Mounts tracefs at {@link #mountTarget}: 0 or -errno. */
    int mountTracefs() {
        NativeLibrary.load();
        return MountNatives.mount(CStrings.of("nodev"), CStrings.of(mountTarget.toString()),
                CStrings.of("tracefs"), 0L, null);
    }

    /** The active lockdown mode ({@code [confidentiality]} in the file), or null. */
    String lockdownMode() {
        try {
            String text = Files.readString(lockdown);
            int open = text.indexOf('[');
            int close = text.indexOf(']', open + 1);
            return open >= 0 && close > open ? text.substring(open + 1, close) : null;
        } catch (IOException e) {
            return null;
        }
    }
}

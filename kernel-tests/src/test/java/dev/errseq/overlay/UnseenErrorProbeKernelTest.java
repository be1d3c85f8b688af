package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The probe and the watch on ext4, xfs and btrfs with a real writeback error, on the running
 * kernel: neither consumes the error. An fd opened before the error, and one opened after it
 * but before anybody saw it, each still get it from syncfs exactly once, after the watch has
 * failed, two probes have said yes and a re-arm was refused; once they have, the probe says no
 * and the watch can be re-armed. The re-armed watch reports a second error, which again
 * reaches the filesystem's watchers.
 *
 * <p>Each run prints one line per filesystem starting with {@code PROBE-ANSWERS}: the probe's
 * answers before the error, after it and after it was consumed, the watch's, and what the
 * filesystem's own watchers got.
 */
class UnseenErrorProbeKernelTest {

    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void probeAndWatchSeeTheErrorAndLeaveItToTheFilesystemsWatchers(FilesystemKind kind)
            throws IOException {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(kind));
        List<String> answers = new ArrayList<>();
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
            Path data = Files.createDirectory(fs.root().resolve("data"));
            try (FsHandle openedBefore = FsHandle.open(fs.root())) {
                ProbeResult before = UnseenErrorProbe.probe(data);
                assertFalse(before.unseenError(), before::toString);
                assertEquals(kind.fsName(), before.fsType());
                assertEquals(fs.root(), before.mountPoint());
                answers.add("before the error: " + yesNo(before));

                try (UnseenErrorWatch watch = UnseenErrorProbe.watch(data)) {
                    watch.check();
                    answers.add("watch at start: passes");
                    answers.add("error: " + fs.causeWritebackError(
                            fs.root().resolve("lost")));
                    // Later writes (the probe's directories) must not fail and add errors.
                    fs.heal();

                    assertTrue(watch.hasFailed());
                    WritebackErrorException failed = assertThrowsExactly(
                            WritebackErrorException.class, watch::check);
                    assertThrowsExactly(WritebackErrorException.class, watch::check);
                    answers.add("watch after the error: " + failed.errnoName() + " on every"
                            + " check");

                    ProbeResult after = UnseenErrorProbe.probe(data);
                    assertTrue(after.unseenError(), after::toString);
                    assertTrue(UnseenErrorProbe.probe(data).unseenError(), "second probe");
                    answers.add("after the error: " + yesNo(after) + ", twice");

                    UnseenUpperErrorException refused = assertThrowsExactly(
                            UnseenUpperErrorException.class, watch::rearm);
                    assertEquals(Errno.EIO, refused.errno());
                    assertFalse(watch.isArmed());
                    assertThrowsExactly(WritebackErrorException.class, watch::check);
                    answers.add("re-arm while unseen: " + refused.errnoName());

                    try (FsHandle openedAfter = FsHandle.open(fs.root())) {
                        answers.add("watchers: opened before the error "
                                + reports(openedBefore) + "; opened after it "
                                + reports(openedAfter));
                    }

                    ProbeResult consumed = UnseenErrorProbe.probe(data);
                    assertFalse(consumed.unseenError(), consumed::toString);
                    answers.add("after it was consumed: " + yesNo(consumed));

                    assertThrowsExactly(WritebackErrorException.class, watch::check);
                    assertTrue(watch.rearm());
                    assertTrue(watch.isArmed());
                    watch.check();
                    assertFalse(watch.rearm(), "a watch that has not failed is left as it is");
                    answers.add("re-arm after it was consumed: armed, passes");
                    try (FsHandle late = FsHandle.open(fs.root())) {
                        late.syncfs(); // the watch and the probes added nothing

                        // A second error (healed above, so this fills the tmpfs again): the
                        // re-armed watch reports it, and takes nothing.
                        fs.causeWritebackError(fs.root().resolve("lost again"));
                        fs.heal();
                        WritebackErrorException again = assertThrowsExactly(
                                WritebackErrorException.class, watch::check);
                        assertTrue(UnseenErrorProbe.probe(data).unseenError());
                        answers.add("a second error after the re-arm: the watch "
                                + again.errnoName() + ", probe yes; watcher opened between the"
                                + " errors " + reports(late));
                    }
                }
            }
            ProbeLeftovers.assertNone(data);
        }
        System.out.println("PROBE-ANSWERS " + kind.fsName() + ": " + String.join("; ", answers));
    }

    private static String yesNo(ProbeResult result) {
        return result.unseenError() ? "yes" : "no";
    }

    /**
     * syncfs twice on {@code handle}: the first must report the error, the second nothing
     * (exactly once); says what the first reported.
     */
    private static String reports(FsHandle handle) throws IOException {
        WritebackErrorException first = assertThrowsExactly(WritebackErrorException.class,
                handle::syncfs, "syncfs on " + handle + " did not report the error");
        handle.syncfs();
        return first.errnoName() + " once, then 0";
    }
}

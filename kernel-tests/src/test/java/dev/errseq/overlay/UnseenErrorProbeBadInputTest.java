package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;


import dev.errseq.kerneltests.WorldReadableClassPath;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.PrivateTmpfs;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each input the probe refuses, with its exact exception, and that the refusal left nothing
 * behind: no scratch directory, no runtime entry, no mount. The directories live on a private
 * tmpfs, which is writable and can hold an overlay's upper layer.
 *
 * <p>What Linux 6.18 answered where the kernel decides: hugetlbfs as the upper layer is EINVAL
 * ("overlayfs: maximum fs stacking depth exceeded": hugetlbfs declares itself unstackable);
 * vfat, the usual example of a filesystem that cannot be an upper layer (its case-insensitive
 * names), is not built into this kernel.
 */
class UnseenErrorProbeBadInputTest {
    private PrivateTmpfs tmpfs;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        Skip.ifMissing(Prerequisites.missingForMounting());
        tmpfs = PrivateTmpfs.create();
        root = tmpfs.root();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aMissingPathIsNoSuchFile() throws IOException {
        Path missing = root.resolve("missing");
        NoSuchFileException e = assertThrowsExactly(NoSuchFileException.class,
                () -> UnseenErrorProbe.probe(missing));
        assertEquals(missing.toString(), e.getFile());
        assertThrowsExactly(NoSuchFileException.class, () -> UnseenErrorProbe.watch(missing));
        assertFalse(Files.exists(missing));
        ProbeLeftovers.assertNone(root);
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        NotDirectoryException e = assertThrowsExactly(NotDirectoryException.class,
                () -> UnseenErrorProbe.probe(file));
        assertEquals(file.toString(), e.getFile());
        assertThrowsExactly(NotDirectoryException.class, () -> UnseenErrorProbe.watch(file));
        assertEquals("x", Files.readString(file));
        ProbeLeftovers.assertNone(root);
    }

    @Test
    void aReadOnlyFilesystemIsRefusedBeforeAnythingIsMade() throws IOException {
        Path dir = Files.createDirectory(root.resolve("dir"));
        tmpfs.remount("ro");
        CannotProbeException e = assertThrowsExactly(CannotProbeException.class,
                () -> UnseenErrorProbe.probe(dir));
        assertEquals(CannotProbeException.Reason.READ_ONLY, e.reason());
        assertEquals(0, e.errno());
        assertEquals(dir, e.directory());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(CannotProbeException.Reason.READ_ONLY, assertThrowsExactly(
                CannotProbeException.class, () -> UnseenErrorProbe.watch(dir)).reason());
        ProbeLeftovers.assertNone(dir);
        ProbeLeftovers.assertNone(root);
    }

    @Test
    void hugetlbfsCannotBeAnUpperLayer() throws IOException {
        Skip.ifMissing(Prerequisites.missingForFilesystemType("hugetlbfs"));
        Path huge = Files.createDirectory(root.resolve("huge"));
        tmpfs.mountUnder("hugetlbfs", huge);
        CannotProbeException e = assertThrowsExactly(CannotProbeException.class,
                () -> UnseenErrorProbe.probe(huge));
        assertEquals(CannotProbeException.Reason.NOT_AN_UPPER, e.reason());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("upper layer"), e.getMessage());
        assertEquals(CannotProbeException.Reason.NOT_AN_UPPER, assertThrowsExactly(
                CannotProbeException.class, () -> UnseenErrorProbe.watch(huge)).reason());
        // The scratch directory had been made there (hugetlbfs has mkdir), and is gone.
        ProbeLeftovers.assertNone(huge);
        System.out.println("hugetlbfs as the upper: " + e.getMessage());
    }

    @Test
    void aDirectoryOnAnOverlayIsRefused() throws IOException {
        Path lower = Files.createDirectory(root.resolve("lower"));
        Path upper = Files.createDirectory(root.resolve("upper"));
        Path work = Files.createDirectory(root.resolve("work"));
        Path merged = Files.createDirectory(root.resolve("merged"));
        try (VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, merged)) {
            Path inside = Files.createDirectory(merged.resolve("inside"));
            CannotProbeException e = assertThrowsExactly(CannotProbeException.class,
                    () -> UnseenErrorProbe.probe(inside));
            assertEquals(CannotProbeException.Reason.ON_OVERLAY, e.reason());
            assertEquals(0, e.errno());
            assertEquals(CannotProbeException.Reason.ON_OVERLAY, assertThrowsExactly(
                    CannotProbeException.class, () -> UnseenErrorProbe.watch(merged)).reason());
            ProbeLeftovers.assertNone(inside);
            ProbeLeftovers.assertNone(merged);
            assertEquals(List.of("inside"), ProbeLeftovers.list(upper));
        }
    }

    @Test
    void aKernelOlderThan511IsRefused() throws IOException {
        Path dir = Files.createDirectory(root.resolve("dir"));
        Path base = root.resolve("runtime");
        for (String release : List.of("5.10.0-28-amd64", "4.19.0", "not a release")) {
            UnseenErrorProbe probe = new UnseenErrorProbe(release, base);
            CannotProbeException e = assertThrowsExactly(CannotProbeException.class,
                    () -> probe.probeDirectory(dir));
            assertEquals(CannotProbeException.Reason.KERNEL_TOO_OLD, e.reason(), release);
            assertTrue(e.getMessage().contains(release), e.getMessage());
            assertEquals(CannotProbeException.Reason.KERNEL_TOO_OLD, assertThrowsExactly(
                    CannotProbeException.class, () -> probe.watchDirectory(dir)).reason());
        }
        assertFalse(Files.exists(base), "made the runtime directory");
        ProbeLeftovers.assertNone(dir);
        // The first release with volatile overlays' error reporting passes this check.
        assertFalse(new UnseenErrorProbe("5.11.0", base).probeDirectory(dir).unseenError());
    }

    @Test
    void anotherUserThanRootIsRefused() throws Exception {
        // In the private tmpfs, which only root may enter: the privileges are checked first.
        Path dir = Files.createDirectory(root.resolve("dir"));
        Path classes = Files.createTempDirectory("errseq-probe-classes-");
        try (ProbeChildProcess child = ProbeChildProcess.start(Path.of("/tmp"),
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                WorldReadableClassPath.of(classes, UnseenErrorProbe.class, ProbeChild.class), "probe", dir.toString())) {
            String line = child.awaitLine("THREW");
            assertEquals(0, child.awaitExit(), child.output());
            assertTrue(line.startsWith("THREW CannotProbeException NOT_PERMITTED errno 0: "),
                    child.output());
            assertTrue(line.contains("CAP_SYS_ADMIN"), line);
        } finally {
            List<IOException> errors = new ArrayList<>();
            Trees.delete(classes, errors);
            Trees.throwFirst(errors);
        }
        ProbeLeftovers.assertNone(dir);
    }

    @Test
    void nullIsRefused() {
        assertThrows(NullPointerException.class, () -> UnseenErrorProbe.probe(null));
        assertThrows(NullPointerException.class, () -> UnseenErrorProbe.watch(null));
    }
}

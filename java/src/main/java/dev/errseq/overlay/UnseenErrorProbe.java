package dev.errseq.overlay;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.FsUsageException;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a filesystem whether its superblock holds a writeback error that nobody has seen yet,
 * without consuming it: userspace's stand-in for the kernel's {@code errseq_peek}.
 *
 * <p>The answer comes from a volatile overlay mount. At mount time the kernel samples the
 * upper filesystem's errseq word and refuses with EIO if it holds an unseen error, because a
 * volatile overlay could never report it; the refusal consumes nothing. So {@link #probe}
 * mounts a volatile overlay whose upper layer and workdir are in a scratch directory on the
 * probed filesystem ({@code <dir>/.errseq-probe-<pid>-<n>/}), unmounts it at once, and
 * removes everything it made: EIO means yes, a mount means no. The lower layer and the mount
 * point are on a private tmpfs the probe mounts under its runtime directory,
 * {@value #RUNTIME_BASE} ({@code java.io.tmpdir/errseq-probe} where there is no
 * {@code /run}). A probe writes a few directory entries to the filesystem and keeps the
 * overlay mounted for a millisecond or two; it syncs nothing.
 *
 * <p>{@link #watch} keeps such an overlay mounted instead: its syncfs fails, and keeps
 * failing, once the filesystem has had a new writeback error, again without consuming it.
 *
 * <pre>{@code
 * ProbeResult answer = UnseenErrorProbe.probe(Path.of("/var/lib/db"));
 * if (answer.unseenError()) {
 *     // the filesystem lost data that no syncfs or fsync has reported yet
 * }
 * }</pre>
 *
 * <p>Nothing is left behind: each step is undone in a finally block, and what a killed
 * process left (its runtime entry records where its scratch directory is) is removed by the
 * next probe of any process. Needs CAP_SYS_ADMIN and Linux 5.11 or newer. Thread-safe.
 */
public final class UnseenErrorProbe {
    /** The runtime directory: one entry per probe in progress, on a tmpfs. */
    public static final String RUNTIME_BASE = "/run/errseq/probe";
    /** Volatile overlays refuse an upper with an unseen error since Linux 5.11. */
    private static final int[] FIRST_KERNEL = {5, 11};
    private static final int CAP_SYS_ADMIN = 21;
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final UnseenErrorProbe DEFAULT = new UnseenErrorProbe(
            System.getProperty("os.version", ""), defaultBase());

    private final String kernelRelease;
    private final Path base;

    /** A probe for a kernel of release {@code kernelRelease}, its entries under {@code base}. */
    UnseenErrorProbe(String kernelRelease, Path base) {
        this.kernelRelease = Objects.requireNonNull(kernelRelease, "kernelRelease");
        this.base = Objects.requireNonNull(base, "base");
    }

    private static Path defaultBase() {
        Path run = Path.of(RUNTIME_BASE);
        if (Files.isDirectory(run.getParent().getParent())) {
            return run;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "errseq-probe");
    }

    /**
     * {@return the runtime directory in use: {@value #RUNTIME_BASE}, or one under
     * java.io.tmpdir}
     */
    public static Path runtimeDirectory() {
        return DEFAULT.base;
    }

    /**
     * Whether the filesystem that holds {@code dir} holds a writeback error that no watcher
     * has seen yet. Consumes nothing: the error's watchers (every fd opened before it was seen)
     * still get it from syncfs, once each.
     *
     * @param dir a directory on the filesystem to ask; the scratch directory is made in it, so
     *     it should be one whose readers do not mind a hidden directory for a millisecond, and
     *     not a layer of a mounted overlay (the scratch directory would show through)
     * @return the answer and the filesystem asked
     * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
     * @throws NotDirectoryException if {@code dir} is not a directory
     * @throws CannotProbeException if the filesystem cannot be probed, with the reason: no
     *     CAP_SYS_ADMIN, a read-only filesystem, one the kernel refuses as an overlay upper,
     *     a directory on an overlay, a kernel older than 5.11, another mount(2) failure
     * @throws IOException if the scratch directory cannot be made (a full filesystem, ...) or
     *     mountinfo cannot be read
     * @throws IllegalArgumentException if {@code dir} is a path of another filesystem provider
     *     than the default one (a zip filesystem, ...)
     */
    public static ProbeResult probe(Path dir) throws IOException {
        return DEFAULT.probeDirectory(dir);
    }

    /**
     * Starts watching the filesystem that holds {@code dir}: a volatile overlay stays mounted
     * over a scratch directory there, and {@link UnseenErrorWatch#check()} fails, on every
     * call, once the filesystem has had a writeback error since the watch started (or was
     * re-armed). Consumes nothing. While the watch is open the filesystem cannot be unmounted.
     *
     * @param dir a directory on the filesystem to watch; the scratch directory is made in it
     * @return the watch; close it to unmount and remove everything
     * @throws UnseenUpperErrorException if the filesystem already holds an unseen error
     *     (nothing was consumed, and nothing is left)
     * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
     * @throws NotDirectoryException if {@code dir} is not a directory
     * @throws CannotProbeException for the same reasons as {@link #probe}
     * @throws IOException as for {@link #probe}
     * @throws IllegalArgumentException as for {@link #probe}
     */
    public static UnseenErrorWatch watch(Path dir) throws IOException {
        return DEFAULT.watchDirectory(dir);
    }

    /**
     * Removes what probes and watches of dead processes left behind; every probe and watch
     * does this first, so a call is only needed to clean up without probing.
     *
     * @return what was done, one line per leftover
     * @throws IOException if the runtime directory cannot be read
     */
    public static List<String> cleanStale() throws IOException {
        return StaleProbes.clean(DEFAULT.base);
    }

    ProbeResult probeDirectory(Path dir) throws IOException {
        Target target = check(dir);
        StaleProbes.clean(base);
        ProbeSite site = ProbeSite.create(base, target.real());
        boolean unseen;
        try {
            unseen = mountOnce(site, dir);
        } catch (IOException | RuntimeException | Error e) {
            closeAfter(site, e);
            throw e;
        }
        site.close();
        return new ProbeResult(target.real(), unseen, target.filesystem());
    }

    /** Mounts and unmounts the overlay: true if the kernel refused it with EIO. */
    private static boolean mountOnce(ProbeSite site, Path dir) throws IOException {
        try {
            site.mountOverlay();
        } catch (UnseenUpperErrorException e) {
            return true;
        } catch (FsUsageException | DirtyWorkdirException e) {
            throw refusal(dir, e);
        }
        return false; // closing the site unmounts it
    }

    UnseenErrorWatch watchDirectory(Path dir) throws IOException {
        Target target = check(dir);
        StaleProbes.clean(base);
        ProbeSite site = ProbeSite.create(base, target.real());
        try {
            return UnseenErrorWatch.start(site, target.real(), target.filesystem());
        } catch (FsUsageException | DirtyWorkdirException e) {
            CannotProbeException refused = refusal(dir, e);
            closeAfter(site, refused);
            throw refused;
        } catch (IOException | RuntimeException | Error e) {
            closeAfter(site, e);
            throw e;
        }
    }

    /**
     * The overlay mount's refusal, as the reason it stands for. The probe's workdir is new,
     * so a {@link DirtyWorkdirException} is the kernel's own marker of this very mount: some
     * filesystems (hugetlbfs) are refused with EINVAL after the workdir was set up.
     */
    private static CannotProbeException refusal(Path dir, ErrnoException e) {
        CannotProbeException refused = e.errno() == Errno.EINVAL
                ? new CannotProbeException(CannotProbeException.Reason.NOT_AN_UPPER, dir,
                        e.errno(), "the kernel refused the filesystem as an overlay's upper"
                                + " layer; the kernel log (dmesg) says why")
                : CannotProbeException.ofMount(dir, e.errno(), "the volatile overlay's mount"
                        + " failed");
        refused.initCause(e);
        return refused;
    }

    /** The directory to probe, resolved, and the mount that holds it. */
    private record Target(Path real, MountInfo filesystem) {
    }

    /** Everything that can be refused before anything is made. */
    private Target check(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (dir.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException("not a path of the default filesystem: " + dir
                    + " (" + dir.getFileSystem().provider().getScheme() + ")");
        }
        checkKernel(dir);
        // Before the path: without privileges it may not even be readable.
        if (!hasCapSysAdmin()) {
            throw new CannotProbeException(CannotProbeException.Reason.NOT_PERMITTED, dir, 0,
                    "mounting the probe's overlay needs CAP_SYS_ADMIN (run as root)");
        }
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(dir.toString());
        }
        NativeLibrary.load();
        try (FsHandle handle = FsHandle.open(real)) {
            if (handle.fsType().isOverlay()) {
                throw new CannotProbeException(CannotProbeException.Reason.ON_OVERLAY, dir, 0,
                        "it is on an overlay, which cannot be another overlay's upper layer;"
                                + " probe a directory on that overlay's upper filesystem");
            }
        }
        MountInfo filesystem = MountTable.read().mountHolding(real).orElseThrow(
                () -> new IOException("no mount in " + MountTable.PROC_SELF_MOUNTINFO
                        + " holds " + real));
        if (filesystem.mountOptions().contains("ro") || filesystem.superOptions().contains("ro")) {
            throw new CannotProbeException(CannotProbeException.Reason.READ_ONLY, dir, 0,
                    "the " + filesystem.fsType() + " on " + filesystem.mountPoint()
                            + " is mounted read-only, and an overlay's upper layer must be"
                            + " writable");
        }
        return new Target(real, filesystem);
    }

    private void checkKernel(Path dir) throws CannotProbeException {
        Matcher m = RELEASE.matcher(kernelRelease);
        if (!m.find()) {
            throw new CannotProbeException(CannotProbeException.Reason.KERNEL_TOO_OLD, dir, 0,
                    "cannot tell the kernel's version from its release \"" + kernelRelease
                            + "\"; volatile overlays need Linux 5.11 or newer");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < FIRST_KERNEL[0] || (major == FIRST_KERNEL[0] && minor < FIRST_KERNEL[1])) {
            throw new CannotProbeException(CannotProbeException.Reason.KERNEL_TOO_OLD, dir, 0,
                    "kernel " + kernelRelease + " is older than 5.11, whose volatile overlays"
                            + " are the first to refuse an upper filesystem with an unseen"
                            + " writeback error");
        }
    }

    /** CapEff in /proc/self/status has bit 21, CAP_SYS_ADMIN. */
    private static boolean hasCapSysAdmin() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return new BigInteger(line.substring("CapEff:".length()).strip(), 16)
                        .testBit(CAP_SYS_ADMIN);
            }
        }
        return false;
    }

    private static void closeAfter(AutoCloseable site, Throwable pending) {
        try {
            site.close();
        } catch (Exception e) {
            pending.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "UnseenErrorProbe[" + base + ", kernel " + kernelRelease + "]";
    }
}

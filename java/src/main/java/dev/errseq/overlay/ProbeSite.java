package dev.errseq.overlay;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.internal.CStrings;
import dev.errseq.internal.MountNatives;
import dev.errseq.internal.NativeLibrary;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The directories and mounts of one probe, and their removal. Everything a probe makes is
 * written down before it is made, so that a process killed at any point leaves behind only
 * things that {@link StaleProbes} can find:
 *
 * <pre>
 * &lt;runtime base&gt;/&lt;pid&gt;-&lt;start&gt;-&lt;n&gt;/   one probe (start: ms)
 *     scratch                       the scratch directory's path, written before it is made
 *     tmpfs/                        a private tmpfs of 16 KiB, mounted for this probe
 *         lower/                    the overlay's empty lower layer
 *         merged/                   where the overlay is mounted
 * &lt;dir&gt;/.errseq-probe-&lt;pid&gt;-&lt;n&gt;/   the scratch directory, on the probed fs
 *     upper/  work/                 the overlay's upper layer and workdir
 * </pre>
 *
 * <p>The upper layer and workdir must be on the probed filesystem: that is the superblock
 * whose errseq word the volatile overlay samples. The lower layer and the mount point are
 * kept off it, on the private tmpfs, which is made MS_PRIVATE so that the overlay's mount
 * does not propagate into other mount namespaces.
 */
final class ProbeSite implements AutoCloseable {
    /** The scratch directory's name, before {@code <pid>-<n>}. */
    static final String SCRATCH_PREFIX = ".errseq-probe-";
    /** The file in the entry that holds the scratch directory's path. */
    static final String RECORD = "scratch";
    static final String TMPFS = "tmpfs";
    private static final String TMPFS_OPTIONS = "size=16k,nr_inodes=8,mode=0700";
    private static final long PID = ProcessHandle.current().pid();
    /** The process's start, in ms since the epoch: with the pid, it names this process. */
    static final long START = ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(0L);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The entry and the scratch directory are root's alone (mode 0700). */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /**
     * Called with the name of each step as it is done ({@code "record"}, {@code "scratch"},
     * {@code "tmpfs"}, {@code "mounted"}, and {@code "unmounted"} when closing, before anything is
     * removed); the tests that kill a process
     * in the middle of a probe stop it there. Does nothing otherwise.
     */
    static volatile Consumer<String> steps = step -> { };

    private final Path directory;
    private final Path entry;
    private final Path scratch;
    private boolean tmpfsMounted;
    private VolatileOverlay overlay;

    private ProbeSite(Path directory, Path entry, Path scratch) {
        this.directory = directory;
        this.entry = entry;
        this.scratch = scratch;
    }

    /**
     * Makes the entry under {@code base}, the scratch directory in {@code dir} (a real path)
     * and the private tmpfs; on failure removes what it made.
     *
     * @throws CannotProbeException if the tmpfs cannot be mounted
     * @throws IOException if a directory cannot be made
     */
    static ProbeSite create(Path base, Path dir) throws IOException {
        NativeLibrary.load();
        Files.createDirectories(base);
        ProbeSite site = reserve(base, dir);
        try {
            site.build();
        } catch (IOException | RuntimeException | Error e) {
            site.closeAfter(e);
            throw e;
        }
        return site;
    }

    /** An entry and a scratch name that are both free; the entry is made, and its record. */
    private static ProbeSite reserve(Path base, Path dir) throws IOException {
        for (;;) {
            int n = COUNTER.incrementAndGet();
            Path scratch = dir.resolve(SCRATCH_PREFIX + PID + "-" + n);
            if (Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
                continue; // an earlier process with our pid left it, and it is not ours
            }
            Path entry = base.resolve(PID + "-" + START + "-" + n);
            try {
                Files.createDirectory(entry, PRIVATE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            ProbeSite site = new ProbeSite(dir, entry, scratch);
            try {
                site.writeRecord();
            } catch (IOException | RuntimeException e) {
                site.closeAfter(e);
                throw e;
            }
            return site;
        }
    }

    /** Writes the record in one rename, so that it is either whole or absent. */
    private void writeRecord() throws IOException {
        Path partial = entry.resolve(RECORD + ".new");
        Files.write(partial, scratch.toString().getBytes(CStrings.PATH_CHARSET));
        Files.move(partial, entry.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
        steps.accept("record");
    }

    private void build() throws IOException {
        Files.createDirectory(scratch, PRIVATE);
        Files.createDirectory(upper());
        Files.createDirectory(work());
        steps.accept("scratch");
        Path tmpfs = Files.createDirectory(entry.resolve(TMPFS));
        mountTmpfs(tmpfs);
        Files.createDirectory(lower());
        Files.createDirectory(merged());
        steps.accept("tmpfs");
    }

    private void mountTmpfs(Path tmpfs) throws CannotProbeException {
        byte[] target = CStrings.of(tmpfs.toString());
        int rc = MountNatives.mount(CStrings.of("errseq-probe"), target, CStrings.of("tmpfs"),
                MountNatives.MS_NOSUID | MountNatives.MS_NODEV | MountNatives.MS_NOEXEC,
                CStrings.of(TMPFS_OPTIONS));
        if (rc < 0) {
            throw CannotProbeException.ofMount(directory, -rc, "mounting its private tmpfs on "
                    + tmpfs + " failed");
        }
        tmpfsMounted = true;
        rc = MountNatives.mount(null, target, null, MountNatives.MS_PRIVATE, null);
        if (rc < 0) {
            throw CannotProbeException.ofMount(directory, -rc, "making its tmpfs on " + tmpfs
                    + " private failed");
        }
    }

    Path upper() {
        return scratch.resolve("upper");
    }

    Path work() {
        return scratch.resolve("work");
    }

    Path lower() {
        return entry.resolve(TMPFS).resolve("lower");
    }

    Path merged() {
        return entry.resolve(TMPFS).resolve("merged");
    }

    /**
     * Mounts the volatile overlay on {@link #merged()}.
     *
     * @throws UnseenUpperErrorException if the kernel refused it with EIO
     * @throws ErrnoException for any other refusal
     */
    VolatileOverlay mountOverlay() throws ErrnoException {
        overlay = VolatileOverlay.mount(lower(), upper(), work(), merged());
        steps.accept("mounted");
        return overlay;
    }

    /**
     * Unmounts the overlay, if it is mounted, and removes the {@code work/incompat/volatile}
     * marker it left, so that the workdir can be used again.
     */
    void unmountOverlay() throws IOException {
        if (overlay != null) {
            overlay.close();
            overlay = null;
        }
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(work());
        Files.deleteIfExists(marker.dirtyFile());
        Files.deleteIfExists(marker.volatileDir());
    }

    /** The scratch directory on the probed filesystem. */
    Path scratch() {
        return scratch;
    }

    /** The entry under the runtime base. */
    Path entry() {
        return entry;
    }

    /**
     * Unmounts the overlay and the tmpfs (lazily if they are busy) and removes the scratch
     * directory and the entry; each step is tried even if an earlier one failed.
     *
     * @throws IOException the first failure, the others suppressed
     */
    @Override
    public void close() throws IOException {
        List<IOException> errors = new ArrayList<>();
        if (overlay != null) {
            try {
                overlay.close();
            } catch (IOException busy) {
                detach(merged(), errors);
            }
            overlay = null;
        }
        if (tmpfsMounted) {
            unmount(entry.resolve(TMPFS), errors);
            tmpfsMounted = false;
        }
        steps.accept("unmounted");
        Trees.delete(scratch, errors);
        Trees.delete(entry, errors);
        Trees.throwFirst(errors);
    }

    private void closeAfter(Throwable pending) {
        try {
            close();
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }

    /** umount2 without flags, and MNT_DETACH if that fails; a failure of both goes to errors. */
    static void unmount(Path target, List<IOException> errors) {
        int rc = MountNatives.umount(CStrings.of(target.toString()), 0);
        if (rc < 0 && rc != -Errno.EINVAL) {
            detach(target, errors);
        }
    }

    private static void detach(Path target, List<IOException> errors) {
        int rc = MountNatives.umount(CStrings.of(target.toString()), MountNatives.MNT_DETACH);
        if (rc < 0 && rc != -Errno.EINVAL) {
            errors.add(new IOException("umount2(" + target + ", MNT_DETACH): "
                    + Errno.name(rc)));
        }
    }

    /** The scratch path an entry's record names, or null if it has none (yet). */
    static Path readRecord(Path entry) throws IOException {
        Path record = entry.resolve(RECORD);
        if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return Path.of(new String(Files.readAllBytes(record), CStrings.PATH_CHARSET));
    }

    @Override
    public String toString() {
        return "ProbeSite[" + scratch + ", " + entry + "]";
    }
}

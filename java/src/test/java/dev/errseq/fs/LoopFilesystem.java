package dev.errseq.fs;

import dev.errseq.Errno;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real filesystem (ext4, xfs or btrfs) on a loop device whose backing file sits on a small
 * private tmpfs, so that a real, transient writeback error can be caused on purpose and healed.
 *
 * <pre>
 * /tmp/errseq-fixture-&lt;pid&gt;-&lt;n&gt;/
 *     tmpfs/            a tmpfs of our own, sized just above what the filesystem uses
 *         backing.img   the sparse backing file of the loop device
 *     mnt/              the filesystem under test
 * </pre>
 *
 * <p>{@link #causeWritebackError} writes more than the tmpfs can hold: the writes themselves
 * succeed (the filesystem has room), but writeback then fails in the loop device with ENOSPC,
 * and the filesystem records the error in the file's and the superblock's errseq words.
 * {@link #heal} makes the tmpfs big again, so later writes succeed.
 *
 * <p>Only the tmpfs, loop device and filesystem this object created are ever remounted or
 * unmounted. {@link #close} tears all of it down; each step is tried even if an earlier one
 * failed, with a lazy unmount as the last resort. Fixtures still open when the JVM exits are
 * closed by a shutdown hook, and {@link #cleanStale} removes what a killed JVM left behind.
 */
public final class LoopFilesystem implements AutoCloseable {
    private static final long MIB = 1024 * 1024;
    /** Room left in the tmpfs once the filesystem is made and mounted. */
    private static final long HEADROOM = 32 * MIB;
    /** How much more than the tmpfs holds {@link #causeWritebackError} writes. */
    private static final long OVERSHOOT = 64 * MIB;
    /** The tmpfs size while making the filesystem, and after {@link #heal}. */
    private static final String BIG = "1g";
    /** What may stay free in the tmpfs after a failed writeback (a large folio that did not fit). */
    private static final long FULL_SLACK = 4 * MIB;

    /** The filesystems the fixture makes, with sizes their mkfs accepts. */
    public enum Kind {
        /** ext4 without a journal, its inode tables written by mkfs (no lazy init later). */
        EXT4("ext4", 256, List.of("mkfs.ext4")),
        /** xfs; mkfs.xfs refuses filesystems under 300 MB. */
        XFS("xfs", 512, List.of("mkfs.xfs")),
        /**
         * btrfs (mkfs.btrfs wants 109 MiB at least); its metadata chunks are preallocated in
         * the tmpfs, see {@link #create}.
         */
        BTRFS("btrfs", 512, List.of("mkfs.btrfs", "btrfs", "fallocate"));

        private final String fsName;
        private final long sizeMiB;
        private final List<String> tools;

        Kind(String fsName, long sizeMiB, List<String> tools) {
            this.fsName = fsName;
            this.sizeMiB = sizeMiB;
            this.tools = tools;
        }

        /** The type mount(8) and statfs know it by. */
        public String fsName() {
            return fsName;
        }

        /** The tools this kind needs besides losetup, mount, umount and sync. */
        public List<String> tools() {
            return tools;
        }

        @Override
        public String toString() {
            return fsName;
        }
    }

    private final Kind kind;
    private final Path dir;
    private final Path tmpfs;
    private final Path backing;
    private final Path mnt;
    private String loop;
    private boolean closed;

    private LoopFilesystem(Kind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
        this.tmpfs = dir.resolve("tmpfs");
        this.backing = tmpfs.resolve("backing.img");
        this.mnt = dir.resolve("mnt");
    }

    /**
     * Makes and mounts a new filesystem of {@code kind}. Needs root, /dev/loop-control and the
     * kind's mkfs; {@link Assumptions#whyNoLoopFilesystem} says whether this machine has them.
     *
     * <p>btrfs writes its metadata copy-on-write, to new places: with a full tmpfs those writes
     * would fail too, and btrfs would abort its transaction and turn read-only, which is a
     * different story than a writeback error. So the fixture preallocates the ranges of the
     * backing file that hold btrfs's system and metadata chunks (fallocate(1), which keeps what
     * mkfs wrote), and mounts with nodiscard so that btrfs punches no holes into them again.
     * Only data writes then meet the full tmpfs, as on ext4 and xfs.
     */
    public static LoopFilesystem create(Kind kind) throws IOException {
        LoopFilesystem fs = new LoopFilesystem(kind, Fixtures.newDirectory());
        Fixtures.register(fs);
        try {
            fs.setUp();
        } catch (IOException | RuntimeException | Error e) {
            try {
                fs.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return fs;
    }

    /** Cleans up what dead JVMs left under {@code /tmp/errseq-fixture-<pid>-*}. */
    public static List<String> cleanStale() {
        return Fixtures.cleanStale();
    }

    private void setUp() throws IOException {
        Files.createDirectory(tmpfs);
        Files.createDirectory(mnt);
        Shell.run(Shell.SHORT, "mount", "-t", "tmpfs", "-o", "size=" + BIG + ",mode=0700",
                "errseq-fixture", tmpfs.toString());
        try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
            file.setLength(kind.sizeMiB * MIB); // sparse
        }
        String shown = Shell.run(Shell.SHORT, "losetup", "-f", "--show", backing.toString()).strip();
        String[] lines = shown.split("\n");
        String device = lines[lines.length - 1].strip();
        if (!device.matches("/dev/loop\\d+")) {
            // Not ours to guess at: detach whatever is backed by our file in close().
            throw new IOException("losetup -f --show printed no loop device: " + shown);
        }
        loop = device;
        switch (kind) {
            case EXT4 -> Shell.run(Shell.LONG, "mkfs.ext4", "-q", "-F", "-O", "^has_journal",
                    "-E", "lazy_itable_init=0,lazy_journal_init=0,nodiscard", loop);
            case XFS -> Shell.run(Shell.LONG, "mkfs.xfs", "-q", "-f", "-K", loop);
            case BTRFS -> {
                Shell.run(Shell.LONG, "mkfs.btrfs", "-q", "-f", "-K", loop);
                preallocateBtrfsMetadata();
            }
        }
        String options = switch (kind) {
            case EXT4 -> "errors=continue";
            case XFS -> "defaults";
            case BTRFS -> "nodiscard";
        };
        Shell.run(Shell.SHORT, "mount", "-t", kind.fsName(), "-o", options, loop, mnt.toString());
        shrink();
    }

    /**
     * Makes the tmpfs small again, {@code HEADROOM} above what it holds, so that
     * {@link #causeWritebackError} can cause another error after {@link #heal}.
     */
    public void shrink() throws IOException {
        long used = tmpfsTotal() - tmpfsFree();
        Shell.run(Shell.SHORT, "mount", "-o", "remount,size=" + (used + HEADROOM),
                tmpfs.toString());
    }

    private static final Pattern CHUNK = Pattern.compile(
            "length (\\d+) owner \\d+ stripe_len \\d+ type (\\S+)");
    private static final Pattern STRIPE = Pattern.compile("stripe \\d+ devid \\d+ offset (\\d+)");

    /** fallocate(1) the device ranges of btrfs's SYSTEM and METADATA chunks in the backing file. */
    private void preallocateBtrfsMetadata() throws IOException {
        String tree = Shell.run(Shell.SHORT, "btrfs", "inspect-internal", "dump-tree", "-t",
                "chunk", loop);
        long length = -1;
        String type = "";
        int ranges = 0;
        for (String line : tree.split("\n")) {
            Matcher chunk = CHUNK.matcher(line);
            if (chunk.find()) {
                length = Long.parseLong(chunk.group(1));
                type = chunk.group(2);
                continue;
            }
            Matcher stripe = STRIPE.matcher(line);
            if (stripe.find() && length > 0
                    && (type.contains("METADATA") || type.contains("SYSTEM"))) {
                Shell.run(Shell.SHORT, "fallocate", "-o", stripe.group(1), "-l",
                        Long.toString(length), backing.toString());
                ranges++;
            }
        }
        if (ranges == 0) {
            throw new IOException("found no btrfs metadata chunk to preallocate in:\n" + tree);
        }
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mnt;
    }

    /** ext4, xfs or btrfs. */
    public String fsName() {
        return kind.fsName();
    }

    public Kind kind() {
        return kind;
    }

    /** The private tmpfs that holds the backing file (a tmpfs this fixture mounted). */
    public Path tmpfsDirectory() {
        return tmpfs;
    }

    /** The loop device, such as {@code /dev/loop3}. */
    public String loopDevice() {
        return loop;
    }

    /** What {@link #causeWritebackError} did. */
    public record WritebackError(Path file, long bytesWritten, int blockDeviceErrno) {
        @Override
        public String toString() {
            return "wrote " + (bytesWritten / MIB) + " MiB to " + file.getFileName()
                    + "; settled with sync(2) x2, then fsync of the loop device -> "
                    + (blockDeviceErrno == 0 ? "0" : Errno.name(blockDeviceErrno)
                            + " (metadata buffers failed too; their legacy flag is now cleared)");
        }
    }

    /**
     * Causes a real writeback error on {@code file} (created if missing, under
     * {@link #mountPoint()}) and settles it, so that the scenario that follows sees only the
     * errseq words:
     *
     * <ol>
     *   <li>appends more than the tmpfs can hold through a FileChannel (ENOSPC from write itself
     *       is ignored: then the filesystem is full, which is enough);
     *   <li>lets writeback run with sync(2), twice, so every dirty page has been tried and no
     *       later sync makes a new error. sync(2) reports to no one: the error stays unseen in
     *       the file's and the superblock's words;
     *   <li>fsyncs the loop device itself. When metadata buffers failed too (ext4), the kernel
     *       also set the legacy AS_EIO flag on the block device's page cache, and syncfs(2)
     *       returns {@code sync_filesystem()}'s error ahead of the superblock's errseq word: the
     *       first syncfs after the damage, whoever calls it, would get that EIO once instead of
     *       the errno in the word. That flag is not errseq; fsync on the device clears it (in
     *       {@code file_check_and_advance_wb_err}) and consumes nothing of the filesystem's:
     *       the device has its own page cache, inode and word.
     * </ol>
     *
     * @throws IllegalStateException if the tmpfs did not fill up, so no error can have happened
     */
    public WritebackError causeWritebackError(Path file) throws IOException {
        if (!file.toAbsolutePath().normalize().startsWith(mnt)) {
            throw new IllegalArgumentException(file + " is not under " + mnt);
        }
        long target = tmpfsFree() + OVERSHOOT;
        long written = 0;
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) MIB);
        while (chunk.hasRemaining()) {
            chunk.put((byte) 0x5a);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            long position = channel.size();
            writing:
            while (written < target) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    int n;
                    try {
                        n = channel.write(chunk, position);
                    } catch (IOException e) {
                        if (String.valueOf(e.getMessage()).contains("No space left")) {
                            break writing; // the filesystem itself is full: enough
                        }
                        throw e;
                    }
                    position += n;
                    written += n;
                }
            }
        }
        sync();
        sync();
        long free = tmpfsFree();
        if (free > FULL_SLACK) {
            throw new IllegalStateException("the tmpfs under " + fsName() + " still has " + free
                    + " bytes free after writing " + target + " bytes to " + file
                    + ": writeback cannot have failed");
        }
        return new WritebackError(file, written, clearBlockDeviceFlags());
    }

    /** fsync(2) on the loop device: 0, or the errno of its metadata writes (now cleared). */
    private int clearBlockDeviceFlags() throws IOException {
        try (FsHandle device = FsHandle.open(Path.of(loop))) {
            try {
                device.fsync();
                return 0;
            } catch (WritebackErrorException e) {
                return e.errno();
            }
        }
    }

    /** sync(2): writes back every filesystem and reports nothing (consumes no error). */
    public void sync() throws IOException {
        Shell.syncAll();
    }

    /** Makes the tmpfs big again: writes after this succeed. */
    public void heal() throws IOException {
        Shell.run(Shell.SHORT, "mount", "-o", "remount,size=" + BIG, tmpfs.toString());
    }

    private long tmpfsTotal() throws IOException {
        return Files.getFileStore(tmpfs).getTotalSpace();
    }

    private long tmpfsFree() throws IOException {
        return Files.getFileStore(tmpfs).getUnallocatedSpace();
    }

    /**
     * Unmounts the filesystem, detaches the loop device, unmounts the tmpfs and deletes the
     * directory; each step is tried even if an earlier one failed. Closing twice is harmless.
     *
     * @throws IOException listing every step that failed (a lazy unmount was done for those)
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> errors = new ArrayList<>();
        List<String> log = new ArrayList<>();
        try {
            Fixtures.teardown(dir, loop == null ? List.of() : List.of(loop), errors, log);
        } finally {
            Fixtures.unregister(this);
        }
        Fixtures.throwIfAny("closing " + this, errors);
    }

    @Override
    public String toString() {
        return "LoopFilesystem[" + fsName() + " on " + loop + " at " + mnt + "]";
    }
}

package dev.errseq.testkit;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.ShutdownMode;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.overlay.VolatileOverlay;
import dev.errseq.testkit.internal.MountHolders;
import dev.errseq.testkit.internal.Scratch;
import dev.errseq.testkit.internal.Shell;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real filesystem (ext4, xfs or btrfs) whose writeback fails on demand: it sits on a loop
 * device whose sparse backing file lives on a small tmpfs of its own.
 *
 * <pre>
 * /tmp/errseq-testkit-&lt;pid&gt;-&lt;n&gt;/
 *     tmpfs/             a private tmpfs, just big enough for the whole device
 *         backing.img    the loop device's sparse backing file
 *         filler         present while writes fail: it takes the tmpfs's last free byte
 *     root/              the filesystem under test ({@link #root()})
 *     overlay-&lt;k&gt;/      volatile overlays mounted by {@link #mountVolatileOverlay()}
 * </pre>
 *
 * <p>How a write fails: {@link #failWrites()} discards the filesystem's free blocks (fstrim,
 * so the loop device punches them out of the backing file) and fills the tmpfs. From then on,
 * a write into the filesystem still succeeds (it has room), but writeback of a page into a
 * block not written since then fails in the loop device with ENOSPC, and the kernel records
 * that error in the file's and the superblock's errseq words, as it would for a dying disk.
 * Rewriting data in place on ext4 or xfs (blocks that hold data already) still succeeds; btrfs
 * writes every change to a new place, so there it fails too. {@link #heal()} frees the tmpfs
 * again. The loop device has 4 KiB sectors and takes at most 4 KiB per request, so that each
 * page of a write fails or lands on its own (see {@code onePagePerRequest}).
 *
 * <p>Nothing else of the machine is touched: only the tmpfs, loop device, filesystem and
 * overlays made here are remounted, frozen, shut down or unmounted. {@link #close()} tears
 * everything down, each step tried even if an earlier one failed; filesystems still open when
 * the JVM stops are closed by a shutdown hook, and what a killed JVM left behind is removed
 * the next time a filesystem is made ({@link #cleanStale()}).
 *
 * <p>Needs root, loop devices and the kind's mkfs ({@link Prerequisites#missingFor}). One
 * thread drives it; only {@link #close()} may come from another (the shutdown hook).
 */
public final class FaultyFilesystem implements AutoCloseable {
    private static final long MIB = 1024 * 1024;
    /** The page size of the tmpfs, and the loop device's sector and largest request. */
    private static final long PAGE = 4096;
    /** Room in the tmpfs beyond the whole device: the tmpfs never fills unless asked to. */
    private static final long TMPFS_SPARE = 16 * MIB;
    /** How much {@link #causeWritebackError(Path)} appends. */
    private static final long APPEND = MIB;
    /**
     * What {@link #failWrites()} leaves to {@link #topUp()} rather than to fallocate: the
     * filesystem may still write into its backing file between reading the tmpfs's free space
     * and fallocate (btrfs does, after fstrim), and a fallocate of the space that was free
     * then fails whole with ENOSPC.
     */
    private static final long FILL_MARGIN = MIB;

    private final FilesystemKind kind;
    private final long sizeMiB;
    private final Path dir;
    private final Path tmpfs;
    private final Path backing;
    private final Path filler;
    private final Path root;
    private final List<VolatileOverlay> overlays = new ArrayList<>();
    private String loop;
    private boolean failing;
    private boolean frozen;
    private int victims;
    private boolean closed;

    private FaultyFilesystem(FilesystemKind kind, long sizeMiB, Path dir) {
        this.kind = kind;
        this.sizeMiB = sizeMiB;
        this.dir = dir;
        this.tmpfs = dir.resolve("tmpfs");
        this.backing = tmpfs.resolve("backing.img");
        this.filler = tmpfs.resolve("filler");
        this.root = dir.resolve("root");
    }

    /**
     * Makes and mounts a new filesystem of {@code kind}, of its default size.
     *
     * @param kind ext4, xfs or btrfs
     * @return the mounted filesystem, healthy
     * @throws IOException if a step fails (everything made so far is removed again)
     */
    public static FaultyFilesystem create(FilesystemKind kind) throws IOException {
        return create(kind, Objects.requireNonNull(kind, "kind").defaultMiB());
    }

    /**
     * Makes and mounts a new filesystem of {@code kind} and {@code sizeMiB} MiB.
     *
     * @param kind ext4, xfs or btrfs
     * @param sizeMiB its size; it takes memory only for what is written
     * @return the mounted filesystem, healthy
     * @throws IllegalArgumentException if {@code sizeMiB} is below {@link FilesystemKind#minimumMiB()}
     *     or above 65536
     * @throws IOException if a step fails (everything made so far is removed again)
     */
    public static FaultyFilesystem create(FilesystemKind kind, long sizeMiB) throws IOException {
        Objects.requireNonNull(kind, "kind");
        if (sizeMiB < kind.minimumMiB() || sizeMiB > 65536) {
            throw new IllegalArgumentException(kind + " is made with " + kind.minimumMiB()
                    + " to 65536 MiB, not " + sizeMiB);
        }
        FaultyFilesystem fs = new FaultyFilesystem(kind, sizeMiB, Scratch.newDirectory());
        Scratch.register(fs);
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

    /**
     * Removes what JVMs that were killed left under {@code /tmp/errseq-testkit-<pid>-*}: their
     * mounts, loop devices and directories. {@link #create} does it once per JVM by itself.
     *
     * @return what was done, one line per action
     */
    public static List<String> cleanStale() {
        return Scratch.cleanStale();
    }

    private void setUp() throws IOException {
        Files.createDirectory(tmpfs);
        Files.createDirectory(root);
        long tmpfsBytes = sizeMiB * MIB + TMPFS_SPARE;
        Shell.run(Shell.SHORT, "mount", "-t", "tmpfs", "-o", "size=" + tmpfsBytes + ",mode=0700",
                "errseq-testkit", tmpfs.toString());
        try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
            file.setLength(sizeMiB * MIB); // sparse: the tmpfs holds only what is written
        }
        String shown = Shell.run(Shell.SHORT, "losetup", "-f", "--show", "--sector-size",
                Long.toString(PAGE), backing.toString()).strip();
        String[] lines = shown.split("\n");
        String device = lines[lines.length - 1].strip();
        if (!device.matches("/dev/loop\\d+")) {
            // Not ours to guess at: close() detaches whatever is backed by our file.
            throw new IOException("losetup -f --show printed no loop device: " + shown);
        }
        loop = device;
        onePagePerRequest();
        switch (kind) {
            case EXT4 -> Shell.run(Shell.LONG, "mkfs.ext4", "-q", "-F", "-b", "4096", "-O", "^has_journal",
                    "-E", "lazy_itable_init=0,lazy_journal_init=0,nodiscard", loop);
            case XFS -> Shell.run(Shell.LONG, "mkfs.xfs", "-q", "-f", "-K", loop);
            case BTRFS -> Shell.run(Shell.LONG, "mkfs.btrfs", "-q", "-f", "-K", loop);
        }
        mount();
    }

    /**
     * Each request to the loop device covers one page of the backing file, no more: a write
     * that spans a page the tmpfs holds and pages it has no room for comes back short from the
     * tmpfs, and the loop device completes a short write as a success, so the filesystem would
     * be told its new blocks were written when only the first page was. With one page per
     * request (4 KiB sectors, requests of at most 4 KiB), the pages the tmpfs has no room for
     * fail on their own, and the filesystem gets ENOSPC for them.
     */
    private void onePagePerRequest() throws IOException {
        Path limit = Path.of("/sys/block", Path.of(loop).getFileName().toString(), "queue",
                "max_sectors_kb");
        Files.writeString(limit, Long.toString(PAGE / 1024));
        String set = Files.readString(limit).strip();
        if (!set.equals(Long.toString(PAGE / 1024))) {
            throw new IOException(limit + " is " + set + " after writing " + PAGE / 1024);
        }
    }

    /** The mount options: ext4 keeps going after errors; btrfs issues no discards of its own. */
    private void mount() throws IOException {
        String options = switch (kind) {
            case EXT4 -> "errors=continue";
            case XFS -> "defaults";
            case BTRFS -> "nodiscard";
        };
        Shell.run(Shell.SHORT, "mount", "-t", kind.fsName(), "-o", options, loop, root.toString());
    }

    /**
     * Where the filesystem is mounted.
     *
     * @return where the filesystem is mounted
     */
    public Path root() {
        return root;
    }

    /**
     * The kind of filesystem: ext4, xfs or btrfs.
     *
     * @return ext4, xfs or btrfs
     */
    public FilesystemKind kind() {
        return kind;
    }

    /**
     * The filesystem's size in MiB.
     *
     * @return its size in MiB
     */
    public long sizeMiB() {
        return sizeMiB;
    }

    /**
     * The loop device it sits on, such as {@code /dev/loop3}.
     *
     * @return the loop device it sits on, such as {@code /dev/loop3}
     */
    public String loopDevice() {
        return loop;
    }

    /**
     * Whether writeback into new blocks fails now ({@link #failWrites()}, not healed).
     *
     * @return whether writeback into new blocks fails now ({@link #failWrites()}, not healed)
     */
    public boolean writesFail() {
        return failing;
    }

    /**
     * From now on, writeback into blocks not written since fails with ENOSPC, until
     * {@link #heal()}. Writes themselves still succeed: the error comes when the kernel writes
     * the pages back (sync, fsync, syncfs, memory pressure, or a periodic flush), and is then
     * recorded in the errseq words of the file and the filesystem. Pages already dirty may
     * fail too. Calling it again while writes fail does nothing.
     *
     * @throws IOException if fstrim, fallocate or the tmpfs do not behave
     * @throws IllegalStateException if the filesystem is closed or frozen (a trim would wait
     *     for the thaw)
     */
    public void failWrites() throws IOException {
        checkOpen();
        if (failing) {
            return;
        }
        checkThawed();
        Shell.run(Shell.LONG, "fstrim", root.toString());
        if (kind == FilesystemKind.BTRFS) {
            keepBtrfsMetadataBacked();
        }
        long bulk = tmpfsFree() - FILL_MARGIN;
        if (bulk > 0) {
            Shell.run(Shell.SHORT, "fallocate", "-l", Long.toString(bulk), filler.toString());
        }
        topUp();
        failing = true;
    }

    /** Whatever fallocate left ({@link #FILL_MARGIN}, rounding), taken a page at a time. */
    private void topUp() throws IOException {
        ByteBuffer page = ByteBuffer.allocate((int) PAGE);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 1024 && tmpfsFree() > 0; i++) {
                page.clear();
                try {
                    channel.write(page);
                } catch (IOException e) {
                    break; // ENOSPC: full
                }
            }
        }
        long left = tmpfsFree();
        if (left > 0) {
            throw new IllegalStateException("the tmpfs under " + kind + " still has " + left
                    + " bytes free after filling it");
        }
    }

    private static final Pattern CHUNK = Pattern.compile(
            "length (\\d+) owner \\d+ stripe_len \\d+ type (\\S+)");
    private static final Pattern STRIPE = Pattern.compile("stripe \\d+ devid \\d+ offset (\\d+)");

    /**
     * btrfs writes even its metadata copy-on-write, to new places: with a full tmpfs those
     * writes would fail too, btrfs would abort its transaction and turn read-only, which is
     * another story than a writeback error. So the device ranges of its SYSTEM and METADATA
     * chunks are allocated in the backing file again after the trim (fallocate keeps what is
     * there), and only data writes meet the full tmpfs, as on ext4 and xfs.
     */
    private void keepBtrfsMetadataBacked() throws IOException {
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
            throw new IOException("found no btrfs metadata chunk to keep backed in:\n" + tree);
        }
    }

    /**
     * Writes succeed again: the tmpfs gets its room back. Errors already recorded stay in the
     * errseq words until their watchers see them. Calling it while writes succeed does nothing.
     *
     * @throws IOException if the filler cannot be removed
     * @throws IllegalStateException if the filesystem is closed
     */
    public void heal() throws IOException {
        checkOpen();
        Files.deleteIfExists(filler);
        failing = false;
    }

    /**
     * Causes a real writeback error on the whole filesystem: a new file
     * {@code errseq-testkit-victim-<n>} in {@link #root()} fails to write back. syncfs(2) on
     * any handle opened before reports it once; fsync of the caller's own files does not,
     * since their pages were not the ones that failed. Writes keep failing until
     * {@link #heal()}.
     *
     * @return what was done
     * @throws IOException if a step fails
     * @throws IllegalStateException if the filesystem is closed or frozen
     */
    public WritebackError causeWritebackError() throws IOException {
        checkOpen();
        return causeWritebackError(root.resolve("errseq-testkit-victim-" + ++victims));
    }

    /**
     * Causes a real writeback error on {@code file} and settles it, so that what follows sees
     * only the errseq words, the error unseen by anyone:
     *
     * <ol>
     *   <li>{@link #failWrites()}, unless writes fail already;
     *   <li>appends 1 MiB of {@code 0x5a} bytes to {@code file} (made if missing);
     *   <li>runs sync(2) twice, so every dirty page has been tried; sync(2) reports to no one,
     *       so the error stays unseen in the file's and the superblock's words;
     *   <li>fsyncs the loop device itself. When metadata buffers failed too (ext4), the kernel
     *       also set a legacy flag on the device's page cache, and the next syncfs(2) on this
     *       filesystem, whoever calls it, would return that EIO ahead of the errseq word. That
     *       flag is not errseq; fsync on the device clears it and consumes nothing of the
     *       filesystem's, whose words live in other inodes.
     * </ol>
     *
     * <p>Writes keep failing until {@link #heal()}.
     *
     * @param file a file under {@link #root()}
     * @return what was done
     * @throws IllegalArgumentException if {@code file} is not under {@link #root()}
     * @throws IOException if a step fails
     * @throws IllegalStateException if the filesystem is closed or frozen
     */
    public WritebackError causeWritebackError(Path file) throws IOException {
        checkOpen();
        Path target = underRoot(file);
        checkThawed();
        failWrites();
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) APPEND);
        while (chunk.hasRemaining()) {
            chunk.put((byte) 0x5a);
        }
        chunk.flip();
        long written = 0;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (chunk.hasRemaining()) {
                written += channel.write(chunk);
            }
        }
        sync();
        sync();
        return new WritebackError(target, written, clearBlockDeviceFlags());
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

    /**
     * sync(2): writes back every filesystem of the machine and reports nothing to anyone, so
     * it consumes no error.
     *
     * @throws IOException if sync(1) fails or takes more than two minutes
     */
    public void sync() throws IOException {
        Shell.run(Shell.LONG, "sync");
    }

    /**
     * Evicts every inode of this filesystem from memory, by unmounting and mounting it again.
     * An evicted inode forgets its errseq word: an error nobody saw is gone with it, though
     * syncfs on the remounted filesystem starts from a new superblock word as well. Dirty pages
     * are written back first (and fail, while writes fail).
     *
     * @throws IllegalStateException if a file or directory on it is in use (umount says busy),
     *     if another mount namespace still mounts it after the unmount (its superblock lives
     *     on there: it is mounted again here and nothing is evicted), or it is closed, frozen
     *     or has an overlay mounted on it
     * @throws IOException if it cannot be mounted again
     */
    public void evictAll() throws IOException {
        checkOpen();
        checkThawed();
        overlays.removeIf(o -> !o.isMounted());
        if (!overlays.isEmpty()) {
            throw new IllegalStateException(this + " has a volatile overlay mounted on it");
        }
        Shell.Result result = Shell.exec(Shell.LONG, "umount", root.toString());
        if (!result.ok()) {
            throw new IllegalStateException("cannot unmount " + root + " to evict its inodes (a"
                    + " file on it is open, or a process has its working directory there): "
                    + result.describe());
        }
        awaitSuperblockGone();
        mount();
    }

    /**
     * Waits (up to 30 seconds) until no process mounts the device any more; otherwise the
     * next mount would get the old superblock back, inodes, page cache and errseq words and
     * all, and nothing would have been evicted. A program that copied every mount into a
     * namespace of its own (unshare --mount) holds ours until it ends.
     */
    private void awaitSuperblockGone() throws IOException {
        List<String> holders = MountHolders.of(loop);
        for (int i = 0; i < 300 && !holders.isEmpty(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + loop + " to be unmounted", e);
            }
            holders = MountHolders.of(loop);
        }
        if (!holders.isEmpty()) {
            mount();
            throw new IllegalStateException("unmounted " + root + ", but " + loop + " is still"
                    + " mounted in the mount namespace of " + holders + ", which copied it: its"
                    + " superblock and inodes stay in memory, so nothing was evicted");
        }
    }

    /**
     * Evicts {@code file}'s inode from memory, with its page cache and errseq word, while the
     * filesystem stays mounted: the kernel's own {@code drop_caches} (3: page cache, then
     * unused dentries and inodes). That also drops the machine's other clean caches, which
     * costs time but no data. The kernel evicts only a clean inode: one whose size or times
     * changed since they were last written back stays in memory, page cache dropped or not,
     * until a writeback (periodic, or anybody's sync) cleans it. So sync(2) runs first, which
     * reports to no one and consumes no error. And the inode is evicted only if nothing holds
     * it: no open file descriptor, memory map or working directory in any process.
     *
     * @param file a file under {@link #root()}
     * @throws IllegalArgumentException if {@code file} is not under {@link #root()}
     * @throws IllegalStateException if this JVM has {@code file} open, or the filesystem is
     *     closed
     * @throws IOException if {@code /proc/sys/vm/drop_caches} cannot be written
     */
    public void evictInode(Path file) throws IOException {
        checkOpen();
        Path target = underRoot(file);
        if (isOpenHere(target)) {
            throw new IllegalStateException(file + " is open in this JVM: its inode cannot be"
                    + " evicted until every descriptor on it is closed");
        }
        sync();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    private static boolean isOpenHere(Path target) throws IOException {
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        return true;
                    }
                } catch (NoSuchFileException e) {
                    // Closed meanwhile (the directory stream's own descriptor, for one).
                }
            }
        }
        return false;
    }

    /**
     * Shuts the filesystem down (FS_IOC_SHUTDOWN), as a crash of the device would: every later
     * call on it fails with EIO. It stays mounted until {@link #close()}.
     *
     * @param mode whether to flush the log or the whole filesystem first
     * @throws ErrnoException if the kernel refuses
     * @throws IllegalStateException if the filesystem is closed
     */
    public void shutdown(ShutdownMode mode) throws ErrnoException {
        checkOpen();
        try (FsHandle handle = FsHandle.open(root)) {
            handle.shutdown(mode);
        }
    }

    /**
     * Freezes the filesystem (FIFREEZE): writes block until {@link #thaw()}. {@link #close()}
     * thaws it first.
     *
     * @throws ErrnoException if the kernel refuses (EBUSY if frozen already)
     * @throws IllegalStateException if the filesystem is closed
     */
    public void freeze() throws ErrnoException {
        checkOpen();
        try (FsHandle handle = FsHandle.open(root)) {
            handle.freeze();
        }
        frozen = true;
    }

    /**
     * Thaws the filesystem (FITHAW).
     *
     * @throws ErrnoException if the kernel refuses (EINVAL if it is not frozen)
     * @throws IllegalStateException if the filesystem is closed
     */
    public void thaw() throws ErrnoException {
        checkOpen();
        try (FsHandle handle = FsHandle.open(root)) {
            handle.thaw();
        }
        frozen = false;
    }

    /**
     * Mounts a volatile overlay whose upper layer is on this filesystem: layers in a new
     * directory {@code .errseq-testkit-overlay-<k>} of {@link #root()}, the overlay itself
     * outside it. Its syncfs reports this filesystem's writeback errors, and it refuses to
     * mount while one is unseen. Closing the overlay unmounts it; {@link #close()} does too.
     *
     * @return the mounted overlay
     * @throws ErrnoException as {@link VolatileOverlay#mount(Path, Path, Path, Path)} does
     * @throws IOException if the layers cannot be made
     * @throws IllegalStateException if the filesystem is closed
     */
    public VolatileOverlay mountVolatileOverlay() throws IOException {
        checkOpen();
        int k = overlays.size() + 1;
        Path layers = root.resolve(".errseq-testkit-overlay-" + k);
        Path lower = Files.createDirectories(layers.resolve("lower"));
        Path upper = Files.createDirectories(layers.resolve("upper"));
        Path work = Files.createDirectories(layers.resolve("work"));
        Path target = Files.createDirectories(dir.resolve("overlay-" + k));
        VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, target);
        overlays.add(overlay);
        return overlay;
    }

    private long tmpfsFree() throws IOException {
        return Files.getFileStore(tmpfs).getUnallocatedSpace();
    }

    /** {@code file} made absolute and normal, refused unless it names something below {@link #root()}. */
    private Path underRoot(Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException(file + " is not a file under " + root);
        }
        return target;
    }

    private void checkThawed() {
        if (frozen) {
            throw new IllegalStateException(this + " is frozen: thaw it first");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /**
     * Thaws the filesystem if it is frozen, unmounts its overlays and itself, detaches the loop
     * device, unmounts the tmpfs and deletes the directory; each step is tried even if an
     * earlier one failed, with a lazy unmount as the last resort. Closing twice does nothing.
     *
     * @throws IOException naming every step that failed
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
            if (frozen) {
                try (FsHandle handle = FsHandle.open(root)) {
                    handle.thaw();
                    frozen = false;
                } catch (ErrnoException e) {
                    errors.add(e);
                }
            }
            for (VolatileOverlay overlay : overlays) {
                try {
                    overlay.close();
                } catch (IOException e) {
                    errors.add(e);
                }
            }
            Scratch.teardown(dir, loop == null ? List.of() : List.of(loop), errors, log);
        } finally {
            Scratch.unregister(this);
        }
        Scratch.throwIfAny("closing " + this, errors);
    }

    @Override
    public String toString() {
        return "FaultyFilesystem[" + kind + " " + sizeMiB + " MiB on " + loop + " at " + root + "]";
    }
}

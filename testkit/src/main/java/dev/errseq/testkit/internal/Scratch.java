package dev.errseq.testkit.internal;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private directories {@code /tmp/errseq-testkit-<pid>-<n>/} that every testkit
 * filesystem lives in, the live ones a JVM shutdown hook closes, the clean-up of what a killed
 * JVM left behind, and careful unmounting.
 *
 * <p>Why a directory per filesystem, named after the pid: it is the one thing that survives a
 * SIGKILL. Everything the testkit mounts or attaches sits under it, or is backed by a file
 * under it, so the next JVM can find and remove exactly that, and nothing else.
 */
public final class Scratch {
    /** Where the directories are made. */
    public static final Path BASE = Path.of("/tmp");
    /** Their names' prefix; the pid and a counter follow. */
    public static final String PREFIX = "errseq-testkit-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<AutoCloseable> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;
    private static volatile boolean staleCleaned;

    private Scratch() {
    }

    /**
     * A new, empty, private directory for one filesystem, after cleaning up stale ones once.
     *
     * @return the directory, mode 0700
     * @throws IOException if it cannot be made
     */
    public static Path newDirectory() throws IOException {
        if (!staleCleaned) {
            cleanStale();
        }
        installHook();
        for (;;) {
            Path dir = BASE.resolve(PREFIX + PID + "-" + COUNTER.incrementAndGet());
            try {
                Files.createDirectory(dir);
                return dir;
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier JVM with our pid: take the next number.
            }
        }
    }

    /**
     * Hands {@code resource} to the shutdown hook, which closes it if it is still open then.
     *
     * @param resource closed by the shutdown hook if it is still open when the JVM stops
     */
    public static void register(AutoCloseable resource) {
        LIVE.add(resource);
    }

    /**
     * Takes {@code resource} back from the shutdown hook: it is closed.
     *
     * @param resource closed: the shutdown hook forgets it
     */
    public static void unregister(AutoCloseable resource) {
        LIVE.remove(resource);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : List.copyOf(LIVE)) {
                try {
                    System.err.println("errseq-testkit: JVM stopping, closing " + resource);
                    resource.close();
                } catch (Exception e) {
                    System.err.println("errseq-testkit: could not close " + resource + ": " + e);
                }
            }
        }, "errseq-testkit-cleanup"));
        hookInstalled = true;
    }

    /**
     * Cleans up after JVMs that died with filesystems open: every
     * {@code /tmp/errseq-testkit-<pid>-*} whose pid is no live Java process has its mounts
     * unmounted (the last mounted first), its loop devices detached and its directory removed.
     *
     * @return what was done, one line per action
     */
    public static synchronized List<String> cleanStale() {
        staleCleaned = true;
        List<String> log = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(BASE, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !isLiveJava(Long.parseLong(m.group(1)))) {
                    stale.add(entry);
                }
            }
        } catch (IOException e) {
            log.add("could not list " + BASE + ": " + e);
            return log;
        }
        for (Path dir : stale) {
            List<Throwable> errors = new ArrayList<>();
            teardown(dir, List.of(), errors, log);
            for (Throwable error : errors) {
                log.add("stale " + dir + ": " + error.getMessage());
            }
        }
        for (String line : log) {
            System.out.println("errseq-testkit: clean-up: " + line);
        }
        return log;
    }

    /** Whether {@code pid} is this JVM or another live Java process (which may still use its directory). */
    static boolean isLiveJava(long pid) {
        if (pid == PID) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid)) {
            return false;
        }
        return process.get().info().command().map(c -> c.contains("java")).orElse(true);
    }

    /** A killed process stays listed until reaped; its state letter in /proc/pid/stat is Z or X. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || "ZX".indexOf(stat.charAt(close + 2)) >= 0;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Unmounts everything under {@code dir}, detaches {@code loops} and every loop device backed
     * by a file under {@code dir}, then removes {@code dir}. Each step is tried even if an
     * earlier one failed; failures go to {@code errors}.
     *
     * @param dir a directory made by {@link #newDirectory}
     * @param loops loop devices known to belong to it
     * @param errors collects what failed
     * @param log collects what was done
     */
    public static void teardown(Path dir, List<String> loops, List<Throwable> errors,
            List<String> log) {
        // 1. Filesystems other than tmpfs, the last mounted first: an overlay before the
        //    filesystem that holds its upper layer, and both before the loop device.
        for (MountInfo mount : mountsUnder(dir)) {
            if (!mount.fsType().equals("tmpfs")) {
                umount(mount.mountPoint(), errors, log);
            }
        }
        // 2. The loop devices.
        List<String> devices = new ArrayList<>(loops);
        for (String device : loopsBackedUnder(dir)) {
            if (!devices.contains(device)) {
                devices.add(device);
            }
        }
        for (String device : devices) {
            detach(device, errors, log);
        }
        // 3. What is left (the tmpfs that held the backing file).
        for (MountInfo mount : mountsUnder(dir)) {
            umount(mount.mountPoint(), errors, log);
        }
        // 4. The directory, only if nothing is mounted under it any more.
        List<MountInfo> left = mountsUnder(dir);
        if (!left.isEmpty()) {
            errors.add(new IOException("not removing " + dir + ": still mounted under it: "
                    + left.stream().map(MountInfo::mountPoint).toList()));
            return;
        }
        try {
            deleteTree(dir);
            log.add("removed " + dir);
        } catch (IOException e) {
            errors.add(e);
        }
    }

    /**
     * The mounts at or under {@code dir}, the last mounted first.
     *
     * @param dir a directory
     * @return the mounts at or under it, the last mounted first
     */
    public static List<MountInfo> mountsUnder(Path dir) {
        List<MountInfo> result = new ArrayList<>();
        for (MountInfo mount : mounts()) {
            if (mount.mountPoint().startsWith(dir)) {
                result.add(mount);
            }
        }
        // mountinfo lists mounts in the order they were made.
        Collections.reverse(result);
        return result;
    }

    /**
     * Whether something is mounted on {@code path}.
     *
     * @param path a directory
     * @return whether something is mounted on it
     */
    public static boolean isMountPoint(Path path) {
        return mounts().stream().anyMatch(m -> m.mountPoint().equals(path));
    }

    private static List<MountInfo> mounts() {
        try {
            return MountTable.read().mounts();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MountTable.PROC_SELF_MOUNTINFO, e);
        }
    }

    /**
     * The loop devices whose backing file is at or under {@code dir}.
     *
     * @param dir a directory
     * @return the loop devices ({@code /dev/loopN}) whose backing file is at or under it
     */
    public static List<String> loopsBackedUnder(Path dir) {
        List<String> result = new ArrayList<>();
        try (DirectoryStream<Path> blocks = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path block : blocks) {
                Path backing = block.resolve("loop/backing_file");
                if (!Files.isRegularFile(backing)) {
                    continue;
                }
                String file = Files.readString(backing).strip();
                // The kernel appends " (deleted)" when the file is gone.
                if (file.endsWith(" (deleted)")) {
                    file = file.substring(0, file.length() - " (deleted)".length());
                }
                if (!file.isEmpty() && Path.of(file).startsWith(dir)) {
                    result.add("/dev/" + block.getFileName());
                }
            }
        } catch (IOException e) {
            // No /sys/block, or a loop device that went away meanwhile: nothing to add.
        }
        return result;
    }

    /**
     * Unmounts {@code point}: a few tries, then a lazy unmount as the last resort (reported).
     *
     * @param point a mount point under a scratch directory
     * @param errors collects what failed
     * @param log collects what was done
     */
    public static void umount(Path point, List<Throwable> errors, List<String> log) {
        String last = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            if (!isMountPoint(point)) {
                return;
            }
            try {
                Shell.Result result = Shell.exec(Shell.SHORT, "umount", point.toString());
                if (result.ok()) {
                    log.add("unmounted " + point);
                    continue;
                }
                last = result.describe();
                Thread.sleep(200L * (attempt + 1));
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!isMountPoint(point)) {
            return;
        }
        try {
            Shell.Result lazy = Shell.exec(Shell.SHORT, "umount", "-l", point.toString());
            errors.add(new IOException("umount " + point + " failed (" + last + "); "
                    + (lazy.ok() ? "detached it lazily" : "lazy umount failed too: "
                            + lazy.describe())));
        } catch (IOException e) {
            errors.add(new IOException("umount " + point + " failed (" + last
                    + "), lazy umount too: " + e.getMessage(), e));
        }
    }

    private static void detach(String device, List<Throwable> errors, List<String> log) {
        try {
            Shell.Result result = Shell.exec(Shell.SHORT, "losetup", "-d", device);
            if (result.ok()) {
                log.add("detached " + device);
            } else if (Files.exists(Path.of("/sys/block", Path.of(device).getFileName().toString(),
                    "loop"))) {
                errors.add(new IOException(result.describe()));
            }
        } catch (IOException e) {
            errors.add(e);
        }
    }

    /**
     * Deletes {@code dir} and what is in it, never following a link or crossing a mount.
     *
     * @param dir what to delete
     * @throws IOException if something cannot be deleted, or a mount point is met
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (isMountPoint(dir)) {
                throw new IOException("refusing to delete into a mount point: " + dir);
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    deleteTree(entry);
                }
            }
        }
        Files.delete(dir);
    }

    /**
     * Throws the first of {@code errors}, the others suppressed, if there are any.
     *
     * @param what what was being done, for the message
     * @param errors what failed
     * @throws IOException if {@code errors} is not empty
     */
    public static void throwIfAny(String what, List<Throwable> errors) throws IOException {
        if (errors.isEmpty()) {
            return;
        }
        IOException first = new IOException(what + ": " + errors.get(0).getMessage(), errors.get(0));
        for (Throwable other : errors.subList(1, errors.size())) {
            first.addSuppressed(other);
        }
        throw first;
    }
}

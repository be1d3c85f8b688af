package dev.errseq.fs;

import dev.errseq.internal.Processes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the test fixtures share: their private directories
 * {@code /tmp/errseq-fixture-<pid>-<n>/}, the live fixtures a JVM shutdown hook closes, the
 * clean-up of directories that dead JVMs left behind, and careful unmounting.
 *
 * <p>Everything here only ever touches mounts and loop devices under such a directory.
 */
final class Fixtures {
    static final Path BASE = Path.of("/tmp");
    static final String PREFIX = "errseq-fixture-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<AutoCloseable> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;
    private static volatile boolean staleCleaned;

    /** One line of /proc/self/mountinfo. */
    record Mount(Path mountPoint, String fsType, String source) {
    }

    private Fixtures() {
    }

    /** A new, empty, private directory for one fixture, after cleaning up stale ones. */
    static Path newDirectory() throws IOException {
        if (!staleCleaned) {
            cleanStale();
        }
        installHook();
        for (;;) {
            Path dir = BASE.resolve(PREFIX + PID + "-" + COUNTER.incrementAndGet());
            try {
                Files.createDirectory(dir);
                return dir;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Left by an earlier JVM with our pid: take the next number.
            }
        }
    }

    static void register(AutoCloseable fixture) {
        LIVE.add(fixture);
    }

    static void unregister(AutoCloseable fixture) {
        LIVE.remove(fixture);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable fixture : List.copyOf(LIVE)) {
                try {
                    System.err.println("shutdown hook: closing " + fixture);
                    fixture.close();
                } catch (Exception e) {
                    System.err.println("shutdown hook: could not close " + fixture + ": " + e);
                }
            }
        }, "errseq-fixture-cleanup"));
        hookInstalled = true;
    }

    /**
     * Cleans up after JVMs that died with fixtures open: every {@code /tmp/errseq-fixture-<pid>-*}
     * whose pid is no live Java process has its mounts unmounted (deepest first, the tmpfs last),
     * its loop devices detached and its directories removed.
     *
     * @return what was done, one line per action (for logs)
     */
    static synchronized List<String> cleanStale() {
        staleCleaned = true;
        List<String> log = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(BASE, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !Processes.isLiveJava(Long.parseLong(m.group(1)))) {
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
            System.out.println("[fixture clean-up] " + line);
        }
        return log;
    }

    /**
     * Unmounts everything under {@code dir}, detaches {@code loops} and any loop device backed by
     * a file under {@code dir}, then removes {@code dir}. Each step is tried even if an earlier
     * one failed; failures go to {@code errors}.
     */
    static void teardown(Path dir, List<String> loops, List<Throwable> errors, List<String> log) {
        // 1. Filesystems on loop devices first: they keep the tmpfs busy through the loop.
        for (Mount mount : mountsUnder(dir)) {
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
        // 3. What is left (the tmpfs).
        for (Mount mount : mountsUnder(dir)) {
            umount(mount.mountPoint(), errors, log);
        }
        // 4. The directories, only if nothing is mounted under them any more.
        if (!mountsUnder(dir).isEmpty()) {
            errors.add(new IOException("not removing " + dir + ": still mounted under it: "
                    + mountsUnder(dir)));
            return;
        }
        try {
            deleteTree(dir);
            log.add("removed " + dir);
        } catch (IOException e) {
            errors.add(e);
        }
    }

    /** The mounts at or under {@code dir}, deepest first. */
    static List<Mount> mountsUnder(Path dir) {
        List<Mount> result = new ArrayList<>();
        for (Mount mount : mounts()) {
            if (mount.mountPoint().startsWith(dir)) {
                result.add(mount);
            }
        }
        result.sort(Comparator.comparingInt((Mount m) -> m.mountPoint().getNameCount()).reversed());
        return result;
    }

    static boolean isMountPoint(Path path) {
        return mounts().stream().anyMatch(m -> m.mountPoint().equals(path));
    }

    /** /proc/self/mountinfo, parsed. */
    static List<Mount> mounts() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo", e);
        }
        List<Mount> result = new ArrayList<>();
        for (String line : lines) {
            // id parent major:minor root mount-point options [optional...] - type source super
            String[] fields = line.split(" ");
            int dash = List.of(fields).indexOf("-");
            if (fields.length < 5 || dash < 0 || dash + 2 >= fields.length) {
                continue;
            }
            result.add(new Mount(Path.of(unescape(fields[4])), fields[dash + 1],
                    unescape(fields[dash + 2])));
        }
        return result;
    }

    /** Loop devices (/dev/loopN) whose backing file is at or under {@code dir}. */
    static List<String> loopsBackedUnder(Path dir) {
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
            // No /sys/block or a loop device that went away meanwhile: nothing to add.
        }
        return result;
    }

    /** The loop device backed by exactly {@code file}, if any. */
    static Optional<String> loopBacking(Path file) {
        return loopsBackedUnder(file).stream().findFirst();
    }

    /** Unmounts {@code point}: a few tries, then a lazy unmount as the last resort. */
    static void umount(Path point, List<Throwable> errors, List<String> log) {
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

    static void detach(String device, List<Throwable> errors, List<String> log) {
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

    /** Deletes {@code dir} and what is in it, never following links or crossing a mount. */
    static void deleteTree(Path dir) throws IOException {
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

    /** Throws the first of {@code errors} with the others suppressed, if there are any. */
    static void throwIfAny(String what, List<Throwable> errors) throws IOException {
        if (errors.isEmpty()) {
            return;
        }
        IOException first = new IOException(what + ": " + errors.get(0).getMessage(), errors.get(0));
        for (Throwable other : errors.subList(1, errors.size())) {
            first.addSuppressed(other);
        }
        throw first;
    }

    /** mountinfo escapes space, tab, newline and backslash as a backslash and three octal digits. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 4 <= field.length()
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

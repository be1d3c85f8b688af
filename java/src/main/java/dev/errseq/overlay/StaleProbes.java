package dev.errseq.overlay;

import dev.errseq.internal.Processes;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what probes of dead processes left behind: a process killed in the middle of a probe
 * (or of a watch) leaves its entry under the runtime base, maybe a mounted tmpfs and overlay
 * in it, and maybe a scratch directory on the probed filesystem, which the entry's record
 * names. A leftover overlay also keeps the probed filesystem busy, so that it cannot be
 * unmounted; every probe therefore cleans up first.
 *
 * <p>An entry belongs to a dead process when no process has its pid and start time (a pid can
 * be reused; the pair cannot). Cleaners in several processes take turns through a lock file.
 */
final class StaleProbes {
    private static final Pattern ENTRY = Pattern.compile("(\\d+)-(\\d+)-\\d+");
    /** The lock file cleaners take turns through; a test holds it to keep leftovers in place. */
    static final String LOCK = ".lock";

    private StaleProbes() {
    }

    /**
     * Cleans every entry of a dead process under {@code base}.
     *
     * @return what was done, one line per entry
     */
    static List<String> clean(Path base) throws IOException {
        List<Path> stale = staleEntries(base);
        List<String> log = new ArrayList<>();
        if (stale.isEmpty()) {
            return log;
        }
        try (FileChannel lock = FileChannel.open(base.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            for (Path entry : stale) {
                log.add(cleanEntry(entry));
            }
        }
        return log;
    }

    private static List<Path> staleEntries(Path base) throws IOException {
        List<Path> stale = new ArrayList<>();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return stale;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
            for (Path entry : entries) {
                Matcher m = ENTRY.matcher(entry.getFileName().toString());
                if (m.matches() && !isAlive(Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)))) {
                    stale.add(entry);
                }
            }
        }
        return stale;
    }

    /** Whether the process {@code pid}, started at {@code start} (ms; 0: unknown), runs. */
    static boolean isAlive(long pid, long start) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || Processes.isZombie(pid)) {
            return false;
        }
        if (start == 0) {
            return true;
        }
        return process.get().info().startInstant()
                .map(instant -> instant.toEpochMilli() == start).orElse(true);
    }

    /**
     * Unmounts what is mounted under {@code entry} (deepest first), removes the scratch
     * directory its record names and the entry itself; another cleaner may have done some of
     * it already.
     */
    private static String cleanEntry(Path entry) {
        List<IOException> errors = new ArrayList<>();
        List<String> done = new ArrayList<>();
        try {
            for (MountInfo mount : mountsUnder(entry)) {
                ProbeSite.unmount(mount.mountPoint(), errors);
                done.add("unmounted " + mount.mountPoint());
            }
            Path scratch = ProbeSite.readRecord(entry);
            if (scratch != null && isScratchOf(entry, scratch)) {
                if (!mountsUnder(scratch).isEmpty()) {
                    errors.add(new IOException("not removing " + scratch
                            + ": something is mounted under it"));
                } else if (Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(scratch, errors);
                    done.add("removed " + scratch);
                }
            }
            if (mountsUnder(entry).isEmpty()) {
                Trees.delete(entry, errors);
                done.add("removed " + entry);
            }
        } catch (NoSuchFileException e) {
            done.add(entry + " was cleaned by another process");
        } catch (IOException e) {
            errors.add(e);
        }
        return "stale probe " + entry + ": " + String.join(", ", done)
                + (errors.isEmpty() ? "" : "; failed: " + errors);
    }

    /** The record names a scratch directory of the entry's process, and nothing else. */
    private static boolean isScratchOf(Path entry, Path scratch) {
        String pid = entry.getFileName().toString().split("-")[0];
        Path name = scratch.getFileName();
        return scratch.isAbsolute() && name != null
                && name.toString().matches(Pattern.quote(ProbeSite.SCRATCH_PREFIX + pid + "-")
                        + "\\d+");
    }

    /** The mounts at or under {@code dir}, deepest first. */
    private static List<MountInfo> mountsUnder(Path dir) throws IOException {
        List<MountInfo> under = new ArrayList<>();
        for (MountInfo mount : MountTable.read().mounts()) {
            if (mount.mountPoint().startsWith(dir)) {
                under.add(mount);
            }
        }
        under.sort(Comparator.comparingInt((MountInfo m) -> m.mountPoint().getNameCount())
                .reversed());
        return under;
    }
}

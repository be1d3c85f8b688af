package dev.errseq;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open file descriptors of this process, named by what they point at.
 *
 * <p>Why targets and not a count: the JVM opens and closes descriptors of its own at times
 * the program does not choose (a jar the class loader opens on first use, a stream whose
 * Cleaner closes it after a collection, a file another thread reads for a moment). A count
 * taken once and compared for equality fails when one of those closes, although nothing
 * leaked. What a leak leaves is a descriptor that was not there before: so readings are
 * compared as multisets of targets, and only what a later reading adds counts as growth.
 * A reading is settled: it keeps only the descriptors that stay open over three listings a
 * few milliseconds apart, so that a file some thread holds open for a moment is not taken
 * for a leak either.
 */
public final class OpenFds {
    private static final int LISTINGS = 3;
    private static final long PAUSE_MILLIS = 5;

    private OpenFds() {
    }

    /**
     * The targets of the descriptors open in all of three listings, sorted; the listings' own
     * descriptors (on {@code /proc/self/fd}) are left out.
     *
     * @return one entry per settled descriptor, such as {@code /dev/urandom} or
     *     {@code socket:[1234]}
     * @throws IOException if {@code /proc/self/fd} cannot be read
     */
    public static List<String> settled() throws IOException {
        Map<String, String> kept = listing();
        for (int i = 1; i < LISTINGS; i++) {
            pause();
            Map<String, String> next = listing();
            kept.entrySet().removeIf(fd -> !fd.getValue().equals(next.get(fd.getKey())));
        }
        List<String> targets = new ArrayList<>(kept.values());
        Collections.sort(targets);
        return targets;
    }

    /**
     * What {@code later} holds beyond {@code earlier}, counting repeats: a target open twice
     * later and once before is added once.
     *
     * @param earlier a reading of {@link #settled()}
     * @param later a later reading
     * @return the added targets, sorted; empty if nothing was added
     */
    public static List<String> added(List<String> earlier, List<String> later) {
        List<String> remaining = new ArrayList<>(earlier);
        List<String> added = new ArrayList<>();
        for (String target : later) {
            if (!remaining.remove(target)) {
                added.add(target);
            }
        }
        Collections.sort(added);
        return added;
    }

    /** fd number to target, for one listing of {@code /proc/self/fd}. */
    private static Map<String, String> listing() throws IOException {
        Path dir = Paths.get("/proc/self/fd");
        String self = dir.toRealPath().toString();
        Map<String, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String target = readLink(entry);
                if (target != null && !target.equals(self)) {
                    fds.put(entry.getFileName().toString(), target);
                }
            }
        }
        return fds;
    }

    /** The link's target, or null if the descriptor was closed while listing. */
    private static String readLink(Path entry) {
        try {
            return Files.readSymbolicLink(entry).toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

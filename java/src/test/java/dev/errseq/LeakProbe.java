package dev.errseq;

import dev.errseq.fs.FsHandle;
import dev.errseq.internal.WordNatives;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * One leak measurement in a JVM of its own, for {@link NativeLeakTest}: runs a workload for
 * a number of rounds and prints, after each, {@code RESULT <name> round=<r> rss=<KiB>
 * fds=<n>} (and for unreferenced words {@code collected=<bool>}), then
 * {@code FDS <name> round=<r>} and the targets of the open descriptors, tab-separated (see
 * {@link OpenFds}); round 0 is the warm-up.
 *
 * <p>The JVM runs with a fixed, pre-touched heap ({@code -Xms} = {@code -Xmx},
 * {@code -XX:+AlwaysPreTouch}), so the Java heap adds nothing to the resident set once the JVM
 * has started; what grows is native memory: malloc'd words, JNI copies, compiled code. The
 * warm-up round gets the JIT and the malloc arena to the size the workload needs; freed
 * native memory is then reused by every later round, while leaked memory is not and shows up
 * as growth in every round.
 *
 * <p>After each round it settles: {@link System#gc()}, which makes the collector find every
 * unreachable word and queue it for the words' Cleaner, then short sleeps (the Cleaner frees
 * on its own thread) until three readings of VmRSS in a row agree within 64 KiB.
 */
public final class LeakProbe {
    private LeakProbe() {
    }

    public static void main(String[] args) throws Exception {
        ErrseqNative.load();
        int rounds = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "words":
                rounds("words", rounds, () -> wordCycles(count));
                break;
            case "words-leaking":
                leakingWordCycles(rounds, count);
                break;
            case "unclosed":
                unclosedRounds(rounds, count);
                break;
            case "never-freed":
                neverFreed(count);
                break;
            case "handles":
                handles(rounds, count);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
    }

    interface Workload {
        void run() throws IOException;
    }

    /** The warm-up and {@code rounds} measured rounds of {@code workload}. */
    static void rounds(String name, int rounds, Workload workload) throws Exception {
        for (int round = 0; round <= rounds; round++) {
            workload.run();
            report(name, round, settle(), "");
        }
    }

    /** The round's RESULT line and its FDS line. */
    static void report(String name, int round, long rss, String extra) throws IOException {
        List<String> fds = OpenFds.settled();
        System.out.println("RESULT " + name + " round=" + round + " rss=" + rss + " fds="
                + fds.size() + extra);
        System.out.println("FDS " + name + " round=" + round + "\t" + String.join("\t", fds));
    }

    /**
     * The proof that the checks see a leak: {@link #wordCycles} that also leak 4 bytes per
     * word (a direct buffer of {@code 4 * count} bytes per round, zeroed and so resident, kept
     * until exit) and one descriptor (on {@code /dev/zero}, in the first measured round only).
     */
    static void leakingWordCycles(int rounds, int count) throws Exception {
        List<Object> leaked = new ArrayList<>();
        rounds("words-leaking", rounds, () -> {
            wordCycles(count);
            leaked.add(ByteBuffer.allocateDirect(4 * count));
            if (leaked.size() == 2) {
                leaked.add(new FileInputStream("/dev/zero"));
            }
        });
        System.out.println("LEAKED " + leaked.size() + " objects");
    }

    /** Allocate, use and close native words of both layouts, {@code count} times. */
    static void wordCycles(int count) {
        for (int i = 0; i < count; i++) {
            ErrseqWord word = ErrseqWord.allocateNative((i & 1) == 0 ? Layout.UPSTREAM
                    : Layout.SPLIT, i);
            word.set(-Errno.EIO);
            word.close();
            pace(i);
        }
    }

    /**
     * Every {@value #PACE} words, a collection and a pause for the Cleaner's thread. Closing a
     * word does not free it; its Cleaner does, once the collector has found it unreachable, on
     * a thread of its own. A loop that does nothing but allocate can outrun that thread on a
     * busy machine, and the malloc arena then grows to hold the backlog and keeps that size:
     * tens of MiB that are reused later, not leaked, but that would hide a leak of a few bytes
     * per word. Pacing keeps the backlog, and so the arena, to about {@value #PACE} words.
     */
    static void pace(int i) {
        if (i % PACE == PACE - 1) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final int PACE = 50_000;

    /**
     * Words that nobody closes: each round makes {@code count} words and drops every one.
     * If the Cleaner freed nothing, every round would add {@code count} words' worth of malloc
     * chunks, which {@link #neverFreed} shows the size of.
     */
    static void unclosedRounds(int rounds, int count) throws Exception {
        for (int round = 0; round <= rounds; round++) {
            // The last word of the round, watched weakly: gone means the collector found it.
            WeakReference<ErrseqWord> last = null;
            for (int i = 0; i < count; i++) {
                ErrseqWord word = ErrseqWord.allocateNative(Layout.SPLIT, i);
                word.set(-Errno.ENOSPC);
                if (i == count - 1) {
                    last = new WeakReference<>(word);
                }
                pace(i);
            }
            report("unclosed", round, settle(), " collected=" + (last.get() == null));
        }
    }

    /**
     * The control for {@link #unclosedRounds}: the same number of words through the raw native
     * allocator, never freed. Shows what the measurement reads when memory really leaks.
     */
    static void neverFreed(int count) throws Exception {
        long[] addresses = new long[count]; // allocated before the first reading
        WordNatives.free(WordNatives.alloc(0));
        report("never-freed", 0, settle(), "");
        for (int i = 0; i < count; i++) {
            addresses[i] = WordNatives.alloc(i);
        }
        report("never-freed", 1, settle(), "");
        for (long address : addresses) {
            WordNatives.free(address);
        }
    }

    /** FsHandle open/close cycles on one file: the resident set and the open fds. */
    static void handles(int rounds, int count) throws Exception {
        Path file = Files.createTempFile("errseq-leak-", ".txt");
        try {
            rounds("handles", rounds, () -> {
                for (int i = 0; i < count; i++) {
                    FsHandle.open(file).close();
                }
            });
        } finally {
            Files.delete(file);
        }
    }

    /** VmRSS in KiB once garbage is collected and the Cleaner has caught up. */
    static long settle() throws Exception {
        long previous = -1;
        int agreeing = 0;
        for (int i = 0; i < 200 && agreeing < 3; i++) {
            System.gc();
            Thread.sleep(50);
            long now = rssKiB();
            agreeing = previous >= 0 && Math.abs(now - previous) <= 64 ? agreeing + 1 : 0;
            previous = now;
        }
        return previous;
    }

    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

}

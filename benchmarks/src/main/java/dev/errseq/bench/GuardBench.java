package dev.errseq.bench;

import dev.errseq.internal.WordNatives;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * What each candidate guard against close racing a call costs the call, around a native that
 * does nothing, so that no system call hides it:
 *
 * <ul>
 *   <li>{@link #unguarded}: the empty JNI call alone, as an FFM downcall would make it, with
 *       no protection against a close;
 *   <li>{@link #countedGuard}: the guard FsHandle had before, in Java around the same empty
 *       call: a compare-and-swap loop to enter, an atomic add to leave;
 *   <li>{@link #libraryGuard}: the library's fd guard with membarrier, and what it moves onto
 *       close ({@link GuardedCalls}); {@link GuardFencesBench} runs that half again with fences.
 * </ul>
 */
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
public class GuardBench extends GuardedCalls {
    private final AtomicInteger state = new AtomicInteger();

    @Benchmark
    public void unguarded() {
        WordNatives.nop();
    }

    @Benchmark
    public void countedGuard() {
        for (;;) {
            int s = state.get();
            if ((s & 1) != 0) {
                throw new IllegalStateException("closed");
            }
            if (state.compareAndSet(s, s + 2)) {
                break;
            }
        }
        try {
            WordNatives.nop();
        } finally {
            state.addAndGet(-2);
        }
    }
}

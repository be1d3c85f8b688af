package dev.errseq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.stress.Words.Impl;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Split layout only: an overlayfs volatile mount's {@code peek()} races an fsync's
 * {@code checkAndAdvance()} on an EIO that nobody has seen yet.
 *
 * <p>peek adds OBSERVED with a CAS; checkAndAdvance adds REPORTED and OBSERVED with a CAS.
 * If the peek's CAS lands between the check's load and its CAS, the check's CAS fails, and
 * giving up then would leave REPORTED clear although the check reported EIO: every later
 * opener would be told of it again. The split layout retries in exactly that case. So
 * whatever the order the check reports EIO, the word ends at {@code 0x00003005} (EIO,
 * REPORTED and OBSERVED), and a watcher opened after both ({@code opener}) is told nothing.
 * peek returns the word with OBSERVED ({@code 0x00002005}) or, after the check, with both
 * flags ({@code 0x00003005}).
 *
 * <p>Forbidden above all: {@code word=0x00002005 opener=EIO}, the lost REPORTED.
 */
public final class PeekVsCheckAndAdvance {
    private PeekVsCheckAndAdvance() {
    }

    abstract static class Race {
        final ErrseqWord word;
        final ErrseqCursor watcher;
        int peeked;
        int first;

        Race(Impl impl) {
            word = Words.create(impl, Layout.SPLIT, Words.EIO); // EIO, no flags
            watcher = word.watchFrom(0);                        // opened at the epoch
        }

        void peek() {
            peeked = word.peek();
        }

        void check() {
            first = watcher.checkAndAdvance();
        }

        void arbiter(L_Result r) {
            int after = word.raw();
            int opener = word.watch().checkAndAdvance();
            r.r1 = "peek=" + Words.hex(peeked) + " first=" + Words.result(first) + " word="
                    + Words.hex(after) + " opener=" + Words.result(opener);
            word.close();
        }
    }

    @JCStressTest
    @Description("split, C core: peek races checkAndAdvance; REPORTED must not be lost")
    @Outcome(id = "peek=0x00002005 first=EIO word=0x00003005 opener=0", expect = ACCEPTABLE,
            desc = "peek first (or its CAS first: the check retried), then the check reports EIO")
    @Outcome(id = "peek=0x00003005 first=EIO word=0x00003005 opener=0", expect = ACCEPTABLE,
            desc = "check first; the peek finds both flags set and writes nothing")
    @Outcome(expect = FORBIDDEN, desc = "REPORTED lost (a new opener is told EIO again) or EIO missed")
    @State
    public static class NativeSplit extends Race {
        public NativeSplit() {
            super(Impl.NATIVE);
        }

        @Actor
        public void peeker() {
            peek();
        }

        @Actor
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, Java twin: peek races checkAndAdvance; REPORTED must not be lost")
    @Outcome(id = "peek=0x00002005 first=EIO word=0x00003005 opener=0", expect = ACCEPTABLE,
            desc = "peek first (or its CAS first: the check retried), then the check reports EIO")
    @Outcome(id = "peek=0x00003005 first=EIO word=0x00003005 opener=0", expect = ACCEPTABLE,
            desc = "check first; the peek finds both flags set and writes nothing")
    @Outcome(expect = FORBIDDEN, desc = "REPORTED lost (a new opener is told EIO again) or EIO missed")
    @State
    public static class JavaSplit extends Race {
        public JavaSplit() {
            super(Impl.JAVA);
        }

        @Actor
        public void peeker() {
            peek();
        }

        @Actor
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }
}

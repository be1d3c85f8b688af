package dev.errseq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * Two failed writebacks at once: {@code set(-EIO)} races {@code set(-ENOSPC)} on a word whose
 * last error (EROFS, counter 0) has been seen.
 *
 * <p>Seen means the next set must bump the counter, so that watchers can tell the new error
 * from the old one; after that bump nothing has been seen, so the second set must not bump
 * again (one observation, one bump) and simply overwrites the errno: the error that landed
 * last wins. Each set returns the value it replaced, which tells the order: exactly one of
 * them replaced the seen EROFS word, and the other replaced the first one's word. So exactly
 * two outcomes exist per layout; the final word is counter 1 with the later errno and no
 * flags:
 *
 * <pre>
 *   upstream  EROFS seen 0x0000101e -> EIO then ENOSPC: 0x0000201c; ENOSPC then EIO: 0x00002005
 *   split     EROFS seen 0x0000301e -> EIO then ENOSPC: 0x0000401c; ENOSPC then EIO: 0x00004005
 * </pre>
 *
 * Forbidden, among others: counter 2 (a second bump without an observation), counter 0 (the
 * observation ignored), both sets replacing the seen word (a lost update), a final errno that
 * is not the later set's, or any flag left on.
 */
public final class TwoSets {
    private TwoSets() {
    }

    abstract static class Race {
        final ErrseqWord word;
        int eioReplaced;
        int enospcReplaced;

        Race(Impl impl, Layout layout) {
            int seenErofs = layout.flagMask() | Words.EROFS; // counter 0, seen
            word = Words.create(impl, layout, seenErofs);
        }

        void setEio() {
            eioReplaced = word.set(-Words.EIO);
        }

        void setEnospc() {
            enospcReplaced = word.set(-Words.ENOSPC);
        }

        void arbiter(L_Result r) {
            r.r1 = "eio-replaced=" + Words.hex(eioReplaced) + " enospc-replaced="
                    + Words.hex(enospcReplaced) + " word=" + Words.hex(word.raw());
            word.close();
        }
    }

    @JCStressTest
    @Description("upstream, C core: set(-EIO) races set(-ENOSPC) on a seen EROFS")
    @Outcome(id = "eio-replaced=0x0000101e enospc-replaced=0x00002005 word=0x0000201c",
            expect = ACCEPTABLE, desc = "EIO first bumps the counter; ENOSPC overwrites it, no bump")
    @Outcome(id = "eio-replaced=0x0000201c enospc-replaced=0x0000101e word=0x00002005",
            expect = ACCEPTABLE, desc = "ENOSPC first bumps the counter; EIO overwrites it, no bump")
    @Outcome(expect = FORBIDDEN, desc = "no bump, two bumps, a lost set, or the wrong errno last")
    @State
    public static class NativeUpstream extends Race {
        public NativeUpstream() {
            super(Impl.NATIVE, Layout.UPSTREAM);
        }

        @Actor
        public void eio() {
            setEio();
        }

        @Actor
        public void enospc() {
            setEnospc();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("upstream, Java twin: set(-EIO) races set(-ENOSPC) on a seen EROFS")
    @Outcome(id = "eio-replaced=0x0000101e enospc-replaced=0x00002005 word=0x0000201c",
            expect = ACCEPTABLE, desc = "EIO first bumps the counter; ENOSPC overwrites it, no bump")
    @Outcome(id = "eio-replaced=0x0000201c enospc-replaced=0x0000101e word=0x00002005",
            expect = ACCEPTABLE, desc = "ENOSPC first bumps the counter; EIO overwrites it, no bump")
    @Outcome(expect = FORBIDDEN, desc = "no bump, two bumps, a lost set, or the wrong errno last")
    @State
    public static class JavaUpstream extends Race {
        public JavaUpstream() {
            super(Impl.JAVA, Layout.UPSTREAM);
        }

        @Actor
        public void eio() {
            setEio();
        }

        @Actor
        public void enospc() {
            setEnospc();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, C core: set(-EIO) races set(-ENOSPC) on a reported EROFS")
    @Outcome(id = "eio-replaced=0x0000301e enospc-replaced=0x00004005 word=0x0000401c",
            expect = ACCEPTABLE, desc = "EIO first bumps the counter; ENOSPC overwrites it, no bump")
    @Outcome(id = "eio-replaced=0x0000401c enospc-replaced=0x0000301e word=0x00004005",
            expect = ACCEPTABLE, desc = "ENOSPC first bumps the counter; EIO overwrites it, no bump")
    @Outcome(expect = FORBIDDEN, desc = "no bump, two bumps, a lost set, or the wrong errno last")
    @State
    public static class NativeSplit extends Race {
        public NativeSplit() {
            super(Impl.NATIVE, Layout.SPLIT);
        }

        @Actor
        public void eio() {
            setEio();
        }

        @Actor
        public void enospc() {
            setEnospc();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, Java twin: set(-EIO) races set(-ENOSPC) on a reported EROFS")
    @Outcome(id = "eio-replaced=0x0000301e enospc-replaced=0x00004005 word=0x0000401c",
            expect = ACCEPTABLE, desc = "EIO first bumps the counter; ENOSPC overwrites it, no bump")
    @Outcome(id = "eio-replaced=0x0000401c enospc-replaced=0x0000301e word=0x00004005",
            expect = ACCEPTABLE, desc = "ENOSPC first bumps the counter; EIO overwrites it, no bump")
    @Outcome(expect = FORBIDDEN, desc = "no bump, two bumps, a lost set, or the wrong errno last")
    @State
    public static class JavaSplit extends Race {
        public JavaSplit() {
            super(Impl.JAVA, Layout.SPLIT);
        }

        @Actor
        public void eio() {
            setEio();
        }

        @Actor
        public void enospc() {
            setEnospc();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }
}

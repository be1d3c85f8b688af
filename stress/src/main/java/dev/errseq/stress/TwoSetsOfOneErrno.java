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
 * The same failure twice at once: two threads {@code set(-EIO)} on a word whose last error
 * (EROFS, counter 0) has been seen, as when two pages of one file fail writeback together.
 *
 * <p>The first set bumps the counter (the seen value must be told apart) and stores EIO with
 * no flags; the second then finds nothing to change and writes nothing, either because it
 * loads the new word, or because its CAS fails against exactly the value it meant to store.
 * Both ways it returns the new word. So one set returns the seen EROFS word, the other the new
 * EIO word, and the word is counter 1 with EIO: {@code 0x00002005} upstream,
 * {@code 0x00004005} split. A second bump (counter 2) would make watchers that checked in
 * between see a change that never happened; it is forbidden, as is a lost set.
 */
public final class TwoSetsOfOneErrno {
    private TwoSetsOfOneErrno() {
    }

    abstract static class Race {
        final ErrseqWord word;
        int aReplaced;
        int bReplaced;

        Race(Impl impl, Layout layout) {
            word = Words.create(impl, layout, layout.flagMask() | Words.EROFS); // seen EROFS
        }

        void setA() {
            aReplaced = word.set(-Words.EIO);
        }

        void setB() {
            bReplaced = word.set(-Words.EIO);
        }

        void arbiter(L_Result r) {
            r.r1 = "a-replaced=" + Words.hex(aReplaced) + " b-replaced=" + Words.hex(bReplaced)
                    + " word=" + Words.hex(word.raw());
            word.close();
        }
    }

    @JCStressTest
    @Description("upstream, C core: two set(-EIO) race on a seen EROFS")
    @Outcome(id = "a-replaced=0x0000101e b-replaced=0x00002005 word=0x00002005",
            expect = ACCEPTABLE, desc = "a stored EIO with one bump; b found nothing to change")
    @Outcome(id = "a-replaced=0x00002005 b-replaced=0x0000101e word=0x00002005",
            expect = ACCEPTABLE, desc = "b stored EIO with one bump; a found nothing to change")
    @Outcome(expect = FORBIDDEN, desc = "two bumps, no bump, or a lost set")
    @State
    public static class NativeUpstream extends Race {
        public NativeUpstream() {
            super(Impl.NATIVE, Layout.UPSTREAM);
        }

        @Actor
        public void a() {
            setA();
        }

        @Actor
        public void b() {
            setB();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("upstream, Java twin: two set(-EIO) race on a seen EROFS")
    @Outcome(id = "a-replaced=0x0000101e b-replaced=0x00002005 word=0x00002005",
            expect = ACCEPTABLE, desc = "a stored EIO with one bump; b found nothing to change")
    @Outcome(id = "a-replaced=0x00002005 b-replaced=0x0000101e word=0x00002005",
            expect = ACCEPTABLE, desc = "b stored EIO with one bump; a found nothing to change")
    @Outcome(expect = FORBIDDEN, desc = "two bumps, no bump, or a lost set")
    @State
    public static class JavaUpstream extends Race {
        public JavaUpstream() {
            super(Impl.JAVA, Layout.UPSTREAM);
        }

        @Actor
        public void a() {
            setA();
        }

        @Actor
        public void b() {
            setB();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, C core: two set(-EIO) race on a reported EROFS")
    @Outcome(id = "a-replaced=0x0000301e b-replaced=0x00004005 word=0x00004005",
            expect = ACCEPTABLE, desc = "a stored EIO with one bump; b found nothing to change")
    @Outcome(id = "a-replaced=0x00004005 b-replaced=0x0000301e word=0x00004005",
            expect = ACCEPTABLE, desc = "b stored EIO with one bump; a found nothing to change")
    @Outcome(expect = FORBIDDEN, desc = "two bumps, no bump, or a lost set")
    @State
    public static class NativeSplit extends Race {
        public NativeSplit() {
            super(Impl.NATIVE, Layout.SPLIT);
        }

        @Actor
        public void a() {
            setA();
        }

        @Actor
        public void b() {
            setB();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, Java twin: two set(-EIO) race on a reported EROFS")
    @Outcome(id = "a-replaced=0x0000301e b-replaced=0x00004005 word=0x00004005",
            expect = ACCEPTABLE, desc = "a stored EIO with one bump; b found nothing to change")
    @Outcome(id = "a-replaced=0x00004005 b-replaced=0x0000301e word=0x00004005",
            expect = ACCEPTABLE, desc = "b stored EIO with one bump; a found nothing to change")
    @Outcome(expect = FORBIDDEN, desc = "two bumps, no bump, or a lost set")
    @State
    public static class JavaSplit extends Race {
        public JavaSplit() {
            super(Impl.JAVA, Layout.SPLIT);
        }

        @Actor
        public void a() {
            setA();
        }

        @Actor
        public void b() {
            setB();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }
}

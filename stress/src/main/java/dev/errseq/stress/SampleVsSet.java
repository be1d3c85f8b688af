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
 * An open(2) races a failed writeback: a new watcher samples the word and checks at once
 * ({@code sampled}, {@code first}) while another thread sets ENOSPC; the watcher checks once
 * more after both are done ({@code then}). {@code word} is the raw word after the race.
 *
 * <p>The word starts holding an EIO that was already reported. The new watcher must never be
 * told of that EIO, and must be told of ENOSPC exactly once, whether it sampled before the set
 * (its cursor then holds the reported EIO, and ENOSPC is new to it) or after it (the sample is
 * 0, since nobody has seen ENOSPC yet, and the unseen error reaches the newcomer).
 *
 * <pre>
 *   upstream, from 0x00001005 (EIO, SEEN):
 *     sample, check, set:   sampled=0x00001005 first=0      word=0x0000201c then=ENOSPC
 *     sample, set, check:   sampled=0x00001005 first=ENOSPC word=0x0000301c then=0
 *     set, sample, check:   sampled=0x00000000 first=ENOSPC word=0x0000301c then=0
 *   split, from 0x00003005 (EIO, REPORTED, OBSERVED):
 *     sample, check, set:   sampled=0x00003005 first=0      word=0x0000401c then=ENOSPC
 *     sample, set, check:   sampled=0x00003005 first=ENOSPC word=0x0000701c then=0
 *     set, sample, check:   sampled=0x00000000 first=ENOSPC word=0x0000701c then=0
 * </pre>
 *
 * (In the last split case the sample's peek adds OBSERVED to the new word, 0x0000601c, and
 * the check adds REPORTED.) Anything else is forbidden: a report of EIO, ENOSPC missed or told
 * twice.
 */
public final class SampleVsSet {
    private SampleVsSet() {
    }

    abstract static class Race {
        final ErrseqWord word;
        int sampled;
        int first;
        ErrseqCursor opener;

        Race(Impl impl, Layout layout) {
            word = Words.create(impl, layout, layout.flagMask() | Words.EIO); // EIO, reported
        }

        void set() {
            word.set(-Words.ENOSPC);
        }

        void open() {
            sampled = word.sample();
            opener = word.watchFrom(sampled); // what watch() does, with the sample kept
            first = opener.checkAndAdvance();
        }

        void arbiter(L_Result r) {
            int after = word.raw();
            int then = opener.checkAndAdvance();
            r.r1 = "sampled=" + Words.hex(sampled) + " first=" + Words.result(first) + " word="
                    + Words.hex(after) + " then=" + Words.result(then);
            word.close();
        }
    }

    @JCStressTest
    @Description("upstream, C core: a new watcher samples and checks while ENOSPC is set")
    @Outcome(id = "sampled=0x00001005 first=0 word=0x0000201c then=ENOSPC", expect = ACCEPTABLE,
            desc = "sampled and checked before the set; ENOSPC reported by the next check")
    @Outcome(id = "sampled=0x00001005 first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "sampled before the set, checked after it")
    @Outcome(id = "sampled=0x00000000 first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "sampled after the set: the unseen ENOSPC reaches the new watcher")
    @Outcome(expect = FORBIDDEN, desc = "the reported EIO told again, or ENOSPC missed or told twice")
    @State
    public static class NativeUpstream extends Race {
        public NativeUpstream() {
            super(Impl.NATIVE, Layout.UPSTREAM);
        }

        @Actor
        public void setter() {
            set();
        }

        @Actor
        public void newWatcher() {
            open();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("upstream, Java twin: a new watcher samples and checks while ENOSPC is set")
    @Outcome(id = "sampled=0x00001005 first=0 word=0x0000201c then=ENOSPC", expect = ACCEPTABLE,
            desc = "sampled and checked before the set; ENOSPC reported by the next check")
    @Outcome(id = "sampled=0x00001005 first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "sampled before the set, checked after it")
    @Outcome(id = "sampled=0x00000000 first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "sampled after the set: the unseen ENOSPC reaches the new watcher")
    @Outcome(expect = FORBIDDEN, desc = "the reported EIO told again, or ENOSPC missed or told twice")
    @State
    public static class JavaUpstream extends Race {
        public JavaUpstream() {
            super(Impl.JAVA, Layout.UPSTREAM);
        }

        @Actor
        public void setter() {
            set();
        }

        @Actor
        public void newWatcher() {
            open();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, C core: a new watcher samples and checks while ENOSPC is set")
    @Outcome(id = "sampled=0x00003005 first=0 word=0x0000401c then=ENOSPC", expect = ACCEPTABLE,
            desc = "sampled and checked before the set; ENOSPC reported by the next check")
    @Outcome(id = "sampled=0x00003005 first=ENOSPC word=0x0000701c then=0", expect = ACCEPTABLE,
            desc = "sampled before the set, checked after it")
    @Outcome(id = "sampled=0x00000000 first=ENOSPC word=0x0000701c then=0", expect = ACCEPTABLE,
            desc = "sampled after the set: the unreported ENOSPC reaches the new watcher")
    @Outcome(expect = FORBIDDEN, desc = "the reported EIO told again, or ENOSPC missed or told twice")
    @State
    public static class NativeSplit extends Race {
        public NativeSplit() {
            super(Impl.NATIVE, Layout.SPLIT);
        }

        @Actor
        public void setter() {
            set();
        }

        @Actor
        public void newWatcher() {
            open();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, Java twin: a new watcher samples and checks while ENOSPC is set")
    @Outcome(id = "sampled=0x00003005 first=0 word=0x0000401c then=ENOSPC", expect = ACCEPTABLE,
            desc = "sampled and checked before the set; ENOSPC reported by the next check")
    @Outcome(id = "sampled=0x00003005 first=ENOSPC word=0x0000701c then=0", expect = ACCEPTABLE,
            desc = "sampled before the set, checked after it")
    @Outcome(id = "sampled=0x00000000 first=ENOSPC word=0x0000701c then=0", expect = ACCEPTABLE,
            desc = "sampled after the set: the unreported ENOSPC reaches the new watcher")
    @Outcome(expect = FORBIDDEN, desc = "the reported EIO told again, or ENOSPC missed or told twice")
    @State
    public static class JavaSplit extends Race {
        public JavaSplit() {
            super(Impl.JAVA, Layout.SPLIT);
        }

        @Actor
        public void setter() {
            set();
        }

        @Actor
        public void newWatcher() {
            open();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }
}

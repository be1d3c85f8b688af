package dev.errseq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * A failed writeback races an fsync: {@code set(-ENOSPC)} against a watcher's
 * {@code checkAndAdvance()}.
 *
 * <p>The word holds EIO that nobody has seen yet; the watcher opened before it (cursor 0).
 * Whatever the interleaving, the watcher must learn of ENOSPC exactly once, counting its racing
 * check ({@code first}) and one more check after both actors are done ({@code then}); it may
 * also be told of EIO first, or, when the set came first, only of ENOSPC, the two errors
 * collapsed into one report. {@code word} is the raw word after the race, before {@code then}.
 *
 * <p>Three interleavings, per layout:
 * <ul>
 *   <li>check, then set: EIO is reported and marked seen, so the set bumps the counter;
 *   <li>set, then check: the unseen EIO is overwritten without a bump; the check reports ENOSPC;
 *   <li>the set lands between the check's load and its CAS: the CAS fails, so nothing is
 *       marked seen and the counter stays; the check reported EIO and its cursor holds EIO,
 *       so the next check reports ENOSPC. The kernel's own best-effort CAS.
 * </ul>
 * Anything else, in particular {@code then=0} after {@code first=EIO} (ENOSPC lost) or two
 * reports of ENOSPC, is forbidden.
 */
public final class SetVsCheckAndAdvance {
    private SetVsCheckAndAdvance() {
    }

    /** The shared state and actors; each nested test fixes the implementation and layout. */
    abstract static class Race {
        final ErrseqWord word;
        final ErrseqCursor watcher;
        int first;

        Race(Impl impl, Layout layout) {
            word = Words.create(impl, layout, Words.EIO); // EIO, never seen
            watcher = word.watchFrom(0);                   // opened at the epoch
        }

        void set() {
            word.set(-Words.ENOSPC);
        }

        void check() {
            first = watcher.checkAndAdvance();
        }

        void arbiter(L_Result r) {
            int after = word.raw();
            int then = watcher.checkAndAdvance();
            r.r1 = "first=" + Words.result(first) + " word=" + Words.hex(after)
                    + " then=" + Words.result(then);
            word.close();
        }
    }

    @JCStressTest
    @Description("upstream, C core: set(-ENOSPC) races checkAndAdvance on an unseen EIO")
    @Outcome(id = "first=EIO word=0x0000201c then=ENOSPC", expect = ACCEPTABLE,
            desc = "check first: EIO reported and marked SEEN; the set bumps the counter")
    @Outcome(id = "first=ENOSPC word=0x0000101c then=0", expect = ACCEPTABLE,
            desc = "set first: the unseen EIO collapses into one report of ENOSPC")
    @Outcome(id = "first=EIO word=0x0000001c then=ENOSPC", expect = ACCEPTABLE_INTERESTING,
            desc = "set between the check's load and CAS: the CAS fails, ENOSPC reported next")
    @Outcome(expect = FORBIDDEN, desc = "ENOSPC lost or reported twice")
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
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("upstream, Java twin: set(-ENOSPC) races checkAndAdvance on an unseen EIO")
    @Outcome(id = "first=EIO word=0x0000201c then=ENOSPC", expect = ACCEPTABLE,
            desc = "check first: EIO reported and marked SEEN; the set bumps the counter")
    @Outcome(id = "first=ENOSPC word=0x0000101c then=0", expect = ACCEPTABLE,
            desc = "set first: the unseen EIO collapses into one report of ENOSPC")
    @Outcome(id = "first=EIO word=0x0000001c then=ENOSPC", expect = ACCEPTABLE_INTERESTING,
            desc = "set between the check's load and CAS: the CAS fails, ENOSPC reported next")
    @Outcome(expect = FORBIDDEN, desc = "ENOSPC lost or reported twice")
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
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, C core: set(-ENOSPC) races checkAndAdvance on an unreported EIO")
    @Outcome(id = "first=EIO word=0x0000401c then=ENOSPC", expect = ACCEPTABLE,
            desc = "check first: EIO marked REPORTED and OBSERVED; the set bumps the counter")
    @Outcome(id = "first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "set first: the unreported EIO collapses into one report of ENOSPC")
    @Outcome(id = "first=EIO word=0x0000001c then=ENOSPC", expect = ACCEPTABLE_INTERESTING,
            desc = "set between the check's load and CAS: the CAS fails (no retry: not a peek),"
                    + " ENOSPC reported next")
    @Outcome(expect = FORBIDDEN, desc = "ENOSPC lost or reported twice")
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
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("split, Java twin: set(-ENOSPC) races checkAndAdvance on an unreported EIO")
    @Outcome(id = "first=EIO word=0x0000401c then=ENOSPC", expect = ACCEPTABLE,
            desc = "check first: EIO marked REPORTED and OBSERVED; the set bumps the counter")
    @Outcome(id = "first=ENOSPC word=0x0000301c then=0", expect = ACCEPTABLE,
            desc = "set first: the unreported EIO collapses into one report of ENOSPC")
    @Outcome(id = "first=EIO word=0x0000001c then=ENOSPC", expect = ACCEPTABLE_INTERESTING,
            desc = "set between the check's load and CAS: the CAS fails (no retry: not a peek),"
                    + " ENOSPC reported next")
    @Outcome(expect = FORBIDDEN, desc = "ENOSPC lost or reported twice")
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
        public void watcher() {
            check();
        }

        @Arbiter
        public void after(L_Result r) {
            arbiter(r);
        }
    }
}

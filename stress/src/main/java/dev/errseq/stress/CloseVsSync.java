package dev.errseq.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * {@link FsHandle#close()} races a sync on the same handle, and the closer at once opens a
 * pipe, whose two descriptors take the lowest free numbers: the handle's, if close(2) ran
 * while the sync had its number but was not in the kernel yet.
 *
 * <p>The handle promises that its number is never closed, and so never reused, while a call
 * on it is in flight. So the sync either ran on the handle's own file (0) or saw the handle
 * closed ({@link IllegalStateException}). A sync that landed on the pipe instead is caught by
 * its answer: fsync(2) on a pipe fails with EINVAL; a sync on a number closed and not yet
 * reused fails with EBADF. (syncfs(2) on a pipe succeeds, so for syncfs only the EBADF half of
 * that check can fire; fsync carries the rest, through the same guard.)
 *
 * <p>The state's constructor opens the handle on another thread than either actor's, so the
 * sync marks the handle shared and close takes the guard's barrier path: membarrier(2), or,
 * with {@code -Derrseq.guard=fences}, the fence in every call (see native/sys/errseq_sys_guard.h).
 */
public final class CloseVsSync {
    /** The handles' file, one for the whole run: it is only ever synced. */
    private static final Path FILE = scratchFile();

    private CloseVsSync() {
    }

    private static Path scratchFile() {
        try {
            Path file = Files.createTempFile("errseq-close-vs-sync-", ".data");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract static class Race {
        final FsHandle handle;
        Pipe pipe;
        String synced;

        Race() {
            try {
                handle = FsHandle.open(FILE);
            } catch (ErrnoException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Closes the handle, then takes the lowest free descriptor numbers. */
        void closeThenReuse() {
            try {
                handle.close();
                pipe = Pipe.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Runs {@code call} and names how it ended. */
        void sync(SyncCall call) {
            try {
                call.run(handle);
                synced = "0";
            } catch (IllegalStateException e) {
                synced = "closed";
            } catch (ErrnoException e) {
                synced = Errno.name(e.errno());
            }
        }

        /**
         * Records the sync's answer and closes what the state holds; jcstress also runs the
         * arbiter alone (without the actors) to size its batches, hence the checks.
         */
        void arbiter(L_Result r) {
            r.r1 = synced;
            try {
                handle.close();
                if (pipe != null) {
                    pipe.sink().close();
                    pipe.source().close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One of FsHandle's syncs. */
    interface SyncCall {
        void run(FsHandle handle) throws ErrnoException;
    }

    @JCStressTest
    @Description("close races fsync on one handle; the closer reuses the number at once")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "fsync ran on the handle's file; its number closed after it")
    @Outcome(id = "closed", expect = ACCEPTABLE, desc = "close came first: IllegalStateException")
    @Outcome(expect = FORBIDDEN, desc = "fsync reached another file (EINVAL: the pipe) or a closed number (EBADF)")
    @State
    public static class Fsync extends Race {
        @Actor
        public void syncer() {
            sync(FsHandle::fsync);
        }

        @Actor
        public void closer() {
            closeThenReuse();
        }

        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    @JCStressTest
    @Description("close races syncfs on one handle; the closer reuses the number at once")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "syncfs ran on the handle's filesystem; its number closed after it")
    @Outcome(id = "closed", expect = ACCEPTABLE, desc = "close came first: IllegalStateException")
    @Outcome(expect = FORBIDDEN, desc = "syncfs reached a closed number (EBADF)")
    @State
    public static class Syncfs extends Race {
        @Actor
        public void syncer() {
            sync(FsHandle::syncfs);
        }

        @Actor
        public void closer() {
            closeThenReuse();
        }

        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }
}

package dev.errseq.cli.conformance;

import dev.errseq.Errno;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One world a {@link Program} plays in: the kernel or a model of it. The steps are final here
 * so that every world records the same things: each watcher's reports, and a trace of the
 * steps for explanations.
 */
abstract class World {
    final Map<String, List<Integer>> reports = new LinkedHashMap<>();
    final List<String> trace = new ArrayList<>();

    /** Creates an empty file. */
    abstract void create(String file) throws IOException;

    final void open(String watcher, String file, Opener how) throws IOException {
        if (reports.containsKey(watcher)) {
            throw new IllegalArgumentException("watcher " + watcher + " was opened before");
        }
        doOpen(watcher, file, how);
        reports.put(watcher, new ArrayList<>());
        trace.add("open " + watcher + " (" + switch (how) {
            case HANDLE -> "FsHandle";
            case CHANNEL -> "FileChannel";
            case VOLATILE_OVERLAY -> "volatile overlay";
        } + ") on " + file);
    }

    final void write(String watcher, long offset, int length) throws IOException {
        doWrite(watcher, offset, length);
        trace.add(watcher + " writes " + length + " at " + offset);
    }

    final void writebackError(String file) throws IOException {
        String how = doWritebackError(file);
        trace.add("writeback error on " + file + (how.isEmpty() ? "" : " (" + how + ")"));
    }

    final void sync() throws IOException {
        doSync();
        trace.add("sync(2)");
    }

    final void heal() throws IOException {
        doHeal();
        trace.add("heal");
    }

    final void close(String watcher) throws IOException {
        doClose(watcher);
        trace.add("close " + watcher);
    }

    final int fsync(String watcher) throws IOException {
        return report(watcher, Op.FSYNC);
    }

    final int fdatasync(String watcher) throws IOException {
        return report(watcher, Op.FDATASYNC);
    }

    final int syncfs(String watcher) throws IOException {
        return report(watcher, Op.SYNCFS);
    }

    final int overlaySyncfs(String watcher) throws IOException {
        return report(watcher, Op.OVERLAY_SYNCFS);
    }

    private int report(String watcher, Op op) throws IOException {
        List<Integer> list = reports.get(watcher);
        if (list == null) {
            throw new IllegalArgumentException("no watcher " + watcher);
        }
        int errno = call(watcher, op);
        list.add(errno);
        trace.add(watcher + "." + op.label + " -> " + (errno == 0 ? "0" : Errno.name(errno)));
        return errno;
    }

    abstract void doOpen(String watcher, String file, Opener how) throws IOException;

    abstract void doWrite(String watcher, long offset, int length) throws IOException;

    /** Records a writeback error on {@code file}; returns what was done, for the trace. */
    abstract String doWritebackError(String file) throws IOException;

    abstract void doSync() throws IOException;

    abstract void doHeal() throws IOException;

    abstract void doClose(String watcher) throws IOException;

    /** Runs {@code op} for {@code watcher}: 0, or the positive errno it reported. */
    abstract int call(String watcher, Op op) throws IOException;
}

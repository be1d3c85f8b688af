package dev.errseq.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small tmpfs of our own under {@code /tmp/errseq-fixture-<pid>-<n>/tmpfs}, for calls that
 * must not reach a filesystem the machine depends on (shutdown and freeze on a tmpfs), and for
 * tests that need a writable filesystem but no writeback errors. Anything mounted under it is
 * unmounted at close.
 */
public final class PrivateTmpfs implements AutoCloseable {
    private final Path dir;
    private final Path mountPoint;
    private boolean closed;

    private PrivateTmpfs(Path dir) {
        this.dir = dir;
        this.mountPoint = dir.resolve("tmpfs");
    }

    public static PrivateTmpfs create() throws IOException {
        PrivateTmpfs fs = new PrivateTmpfs(Fixtures.newDirectory());
        Fixtures.register(fs);
        try {
            Files.createDirectory(fs.mountPoint);
            Shell.run(Shell.SHORT, "mount", "-t", "tmpfs", "-o", "size=16m,mode=0700",
                    "errseq-fixture", fs.mountPoint.toString());
        } catch (IOException | RuntimeException e) {
            try {
                fs.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return fs;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Remounts the tmpfs with {@code options}, such as {@code "ro"}. */
    public void remount(String options) throws IOException {
        Shell.run(Shell.SHORT, "mount", "-o", "remount," + options, mountPoint.toString());
    }

    /** Mounts a filesystem of {@code type} (no device) on {@code dir}, a directory under it. */
    public void mountUnder(String type, Path dir) throws IOException {
        if (!dir.startsWith(mountPoint)) {
            throw new IllegalArgumentException(dir + " is not under " + mountPoint);
        }
        Shell.run(Shell.SHORT, "mount", "-t", type, "errseq-fixture", dir.toString());
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> errors = new ArrayList<>();
        try {
            Fixtures.teardown(dir, List.of(), errors, new ArrayList<>());
        } finally {
            Fixtures.unregister(this);
        }
        Fixtures.throwIfAny("closing " + this, errors);
    }

    @Override
    public String toString() {
        return "PrivateTmpfs[" + mountPoint + "]";
    }
}

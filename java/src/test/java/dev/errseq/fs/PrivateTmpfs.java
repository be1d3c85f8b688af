package dev.errseq.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small tmpfs of our own under {@code /tmp/errseq-fixture-<pid>-<n>/tmpfs}, for calls that
 * must not reach a filesystem the machine depends on (shutdown and freeze on a tmpfs).
 */
final class PrivateTmpfs implements AutoCloseable {
    private final Path dir;
    private final Path mountPoint;
    private boolean closed;

    private PrivateTmpfs(Path dir) {
        this.dir = dir;
        this.mountPoint = dir.resolve("tmpfs");
    }

    static PrivateTmpfs create() throws IOException {
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

    Path mountPoint() {
        return mountPoint;
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

package dev.errseq.testkit;

import dev.errseq.testkit.internal.Scratch;
import dev.errseq.testkit.internal.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small tmpfs of a test's own, for what must not reach a filesystem the machine depends on:
 * a read-only remount, a shutdown or freeze refused by tmpfs, a filesystem mounted under it.
 * It never has writeback errors. Cleaned up as a {@link FaultyFilesystem} is, also after a
 * JVM stop or a kill; needs root ({@link Prerequisites#missingForMounting()}).
 */
public final class PrivateTmpfs implements AutoCloseable {
    private final Path dir;
    private final Path root;
    private boolean closed;

    private PrivateTmpfs(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("tmpfs");
    }

    /**
     * Mounts a new 16 MiB tmpfs.
     *
     * @return the mounted tmpfs
     * @throws IOException if mount(8) fails
     */
    public static PrivateTmpfs create() throws IOException {
        PrivateTmpfs fs = new PrivateTmpfs(Scratch.newDirectory());
        Scratch.register(fs);
        try {
            Files.createDirectory(fs.root);
            Shell.run(Shell.SHORT, "mount", "-t", "tmpfs", "-o", "size=16m,mode=0700",
                    "errseq-testkit", fs.root.toString());
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

    /**
     * Where the tmpfs is mounted.
     *
     * @return where the tmpfs is mounted
     */
    public Path root() {
        return root;
    }

    /**
     * Remounts the tmpfs with {@code options}.
     *
     * @param options mount options, such as {@code "ro"}
     * @throws IOException if mount(8) fails
     */
    public void remount(String options) throws IOException {
        Shell.run(Shell.SHORT, "mount", "-o", "remount," + options, root.toString());
    }

    /**
     * Mounts a filesystem of {@code type} that needs no device, such as {@code hugetlbfs}, on
     * {@code dir}; it is unmounted at {@link #close()}.
     *
     * @param type a filesystem type
     * @param dir an existing directory under {@link #root()}
     * @throws IllegalArgumentException if {@code dir} is not under {@link #root()}
     * @throws IOException if mount(8) fails
     */
    public void mountUnder(String type, Path dir) throws IOException {
        if (!dir.toAbsolutePath().normalize().startsWith(root)) {
            throw new IllegalArgumentException(dir + " is not under " + root);
        }
        Shell.run(Shell.SHORT, "mount", "-t", type, "errseq-testkit", dir.toString());
    }

    /**
     * Unmounts what is mounted under it, then the tmpfs, and deletes its directory. Closing
     * twice does nothing.
     *
     * @throws IOException naming every step that failed
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> errors = new ArrayList<>();
        try {
            Scratch.teardown(dir, List.of(), errors, new ArrayList<>());
        } finally {
            Scratch.unregister(this);
        }
        Scratch.throwIfAny("closing " + this, errors);
    }

    @Override
    public String toString() {
        return "PrivateTmpfs[" + root + "]";
    }
}

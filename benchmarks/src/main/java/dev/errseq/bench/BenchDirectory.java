package dev.errseq.bench;

import dev.errseq.fs.FsHandle;
import dev.errseq.fs.FsType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory the sync benchmarks work in. It must be on tmpfs: syncfs and fsync run there
 * millions of times, which must never reach a real disk. {@code benchmarks/run.sh} mounts a
 * private tmpfs and passes it as {@code -Derrseq.bench.dir}; without it, {@code /dev/shm}.
 */
public final class BenchDirectory {
    public static final String DIR_PROPERTY = "errseq.bench.dir";

    private BenchDirectory() {
    }

    /** A new, empty directory on tmpfs; {@link #delete} removes it. */
    public static Path create() throws IOException {
        Path parent = Path.of(System.getProperty(DIR_PROPERTY, "/dev/shm"));
        try (FsHandle handle = FsHandle.open(parent)) {
            FsType type = handle.fsType();
            if (type.magic() != FsType.TMPFS_MAGIC) {
                throw new IllegalStateException(parent + " is on " + type + ", not tmpfs: the"
                        + " sync benchmarks refuse to hammer a real disk (set -D" + DIR_PROPERTY
                        + " to a tmpfs directory)");
            }
        }
        return Files.createTempDirectory(parent, "errseq-bench-");
    }

    /** Removes {@code dir} and what is in it. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

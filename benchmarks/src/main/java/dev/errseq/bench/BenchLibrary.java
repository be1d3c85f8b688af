package dev.errseq.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where {@code liberrseq_bench.so} is: the bench-only library (built from {@code benchmarks/c})
 * whose exported {@code errseq_bench_*} functions JNA and FFM call. liberrseq.so itself exports
 * only {@code JNI_OnLoad}, so the peers cannot call into it.
 *
 * <p>{@code -Derrseq.bench.lib=/path/liberrseq_bench.so} names the file; otherwise the copy on
 * the class path is written to a temporary directory once per JVM.
 */
public final class BenchLibrary {
    public static final String PATH_PROPERTY = "errseq.bench.lib";
    private static final String RESOURCE = "/errseq-bench/liberrseq_bench.so";
    private static Path path;

    private BenchLibrary() {
    }

    /** The absolute path of the library, extracting it first if needed. */
    public static synchronized Path path() {
        if (path == null) {
            String explicit = System.getProperty(PATH_PROPERTY);
            path = explicit != null ? Path.of(explicit).toAbsolutePath() : extract();
        }
        return path;
    }

    private static Path extract() {
        try (InputStream in = BenchLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: build the"
                        + " benchmarks module first (./mvnw -pl benchmarks -am package)");
            }
            Path dir = Files.createTempDirectory("errseq-bench-");
            Path file = dir.resolve("liberrseq_bench.so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            // deleteOnExit deletes in the reverse order of registration: the file, then its
            // directory, which must be empty by then.
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + RESOURCE, e);
        }
    }
}

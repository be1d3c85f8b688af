package dev.errseq.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which C library this JVM runs on, from the files mapped into it. */
final class Libc {
    static final String GLIBC = "glibc";
    static final String MUSL = "musl";
    static final String UNKNOWN = "unknown";

    private Libc() {
    }

    /** {@link #GLIBC}, {@link #MUSL} or {@link #UNKNOWN}, from {@code /proc/self/maps}. */
    static String detect() {
        try {
            return fromMaps(Files.readAllLines(Path.of("/proc/self/maps")));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** The C library named by the mapped files in {@code maps} lines. */
    static String fromMaps(List<String> maps) {
        boolean glibc = false;
        for (String line : maps) {
            int slash = line.lastIndexOf('/');
            String name = slash < 0 ? "" : line.substring(slash + 1);
            if (name.startsWith("ld-musl-") || name.startsWith("libc.musl-")) {
                return MUSL;
            }
            if (name.equals("libc.so.6") || name.startsWith("libc-2.")) {
                glibc = true;
            }
        }
        return glibc ? GLIBC : UNKNOWN;
    }
}

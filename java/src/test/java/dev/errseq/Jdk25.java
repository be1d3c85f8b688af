package dev.errseq;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds a JDK 25 the way benchmarks/run.sh does: {@code JAVA25_HOME}, else the first JDK
 * under {@code /usr/lib/jvm} whose {@code release} file says version 25.
 */
final class Jdk25 {
    private Jdk25() {
    }

    /** Its {@code bin/java}, or null if there is none. */
    static Path find() throws IOException {
        String home = System.getenv("JAVA25_HOME");
        if (home != null && !home.isEmpty()) {
            return javaOf(Path.of(home));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        List<Path> homes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(jvms)) {
            entries.forEach(homes::add);
        }
        Collections.sort(homes);
        for (Path candidate : homes) {
            Path java = javaOf(candidate);
            if (java != null) {
                return java;
            }
        }
        return null;
    }

    /** {@code home/bin/java} if {@code home} is a JDK 25, else null. */
    private static Path javaOf(Path home) throws IOException {
        Path release = home.resolve("release");
        Path java = home.resolve("bin/java");
        if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
            return null;
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=\"25")) {
                return java;
            }
        }
        return null;
    }
}

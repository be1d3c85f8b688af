package dev.errseq.kerneltests;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class path for a child JVM that does not run as root (setpriv to nobody): where some
 * classes were loaded from, copied where every user can read them. The build's own
 * directories may sit where only root can read (a clone under a private directory), and so
 * may errseq-jni's jar (the Maven repository in /root); which of the two the library comes
 * from depends on the phase the build ran to.
 */
public final class WorldReadableClassPath {
    private WorldReadableClassPath() {
    }

    /**
     * Copies the directory or jar each of {@code owners} was loaded from into {@code dir}, all
     * readable by every user.
     *
     * @param dir an empty directory; it is made readable by every user
     * @param owners a class from each class path entry the child needs
     * @return the copies, as a class path
     * @throws IOException if a copy fails
     */
    public static String of(Path dir, Class<?>... owners) throws IOException {
        List<String> entries = new ArrayList<>();
        for (Class<?> owner : owners) {
            Path source;
            try {
                source = Path.of(owner.getProtectionDomain().getCodeSource().getLocation()
                        .toURI());
            } catch (URISyntaxException e) {
                throw new IOException("where is " + owner + " loaded from?", e);
            }
            Path copy = dir.resolve(Integer.toString(entries.size()));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(source.relativize(file).toString());
                    Files.copy(file, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            Files.isDirectory(target) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(copy.toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return String.join(File.pathSeparator, entries);
    }
}

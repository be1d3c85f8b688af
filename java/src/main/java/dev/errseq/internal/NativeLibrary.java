package dev.errseq.internal;

import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.scijava.nativelib.NativeLibraryUtil;

/**
 * Loads {@code liberrseq.so} once per class loader.
 *
 * <p>native-lib-loader names the platform folder ({@code natives/linux_64/},
 * {@code natives/linux_arm64/}); the library is then copied out of the jar and loaded from
 * here, so that it binds to this class loader, is never shadowed by a stale copy on
 * {@code java.library.path}, and a failure carries the real dlopen error. Two system
 * properties override the defaults:
 *
 * <ul>
 *   <li>{@value #PATH_PROPERTY}: load this file and nothing else;
 *   <li>{@value #EXTRACT_DIR_PROPERTY}: copy the library out into this directory instead of
 *       {@code java.io.tmpdir} (which fails when it is mounted {@code noexec});
 *   <li>{@value #GUARD_PROPERTY}: how a handle's calls are kept off a number that close
 *       released: {@code membarrier} (the default: close makes the barrier, a call makes none;
 *       where the kernel refuses membarrier(2), fences) or {@code fences} (a fence in every
 *       call, close makes none).
 * </ul>
 */
public final class NativeLibrary {
    /** A path to liberrseq.so to load instead of the copy in the jar. */
    public static final String PATH_PROPERTY = "errseq.library.path";
    /** The directory the library is copied into before loading. */
    public static final String EXTRACT_DIR_PROPERTY = "errseq.extract.dir";

    /** How guarded calls are ordered against close: membarrier or fences. */
    public static final String GUARD_PROPERTY = "errseq.guard";

    private static final String FILE_NAME = System.mapLibraryName("errseq");

    private static volatile String loadedFrom;
    private static String guardMode;
    private static UnsatisfiedLinkError failure;

    private NativeLibrary() {
    }

    /**
     * Loads the library unless it is loaded already.
     *
     * @throws UnsatisfiedLinkError saying what was tried, why it failed and what to do; the
     *     same error again on every later call
     */
    public static void load() {
        if (loadedFrom == null) {
            loadOnce();
        }
    }

    /** The file the library was loaded from, loading it first if needed. */
    public static String loadedFrom() {
        load();
        return loadedFrom;
    }

    /**
     * How guarded calls are ordered in this process: {@code membarrier} or {@code fences}
     * ({@value #GUARD_PROPERTY}), loading the library first if needed.
     */
    public static synchronized String guardMode() {
        load();
        return guardMode;
    }

    /** The jar folder for this platform, such as {@code natives/linux_64/}. */
    public static String platformFolder() {
        return NativeLibraryUtil.getPlatformLibraryPath("natives/");
    }

    private static synchronized void loadOnce() {
        if (loadedFrom != null) {
            return;
        }
        if (failure != null) {
            throw sameFailure();
        }
        try {
            boolean membarrier = wantsMembarrier();
            String explicit = System.getProperty(PATH_PROPERTY);
            String from = explicit != null ? loadExplicit(explicit) : loadFromJar();
            // Before any handle exists: the mode may not change under a call in flight.
            guardMode = SysNatives.guardInit(membarrier) == SysNatives.GUARD_MEMBARRIER
                    ? "membarrier" : "fences";
            loadedFrom = from;
        } catch (UnsatisfiedLinkError e) {
            failure = e;
            throw e;
        }
    }

    private static boolean wantsMembarrier() {
        String mode = System.getProperty(GUARD_PROPERTY, "membarrier");
        switch (mode) {
            case "membarrier":
                return true;
            case "fences":
                return false;
            default:
                throw new UnsatisfiedLinkError("-D" + GUARD_PROPERTY + "=" + mode
                        + " is neither membarrier nor fences");
        }
    }

    private static UnsatisfiedLinkError sameFailure() {
        UnsatisfiedLinkError again = new UnsatisfiedLinkError(failure.getMessage());
        again.initCause(failure);
        return again;
    }

    private static String loadExplicit(String path) {
        Path file = Paths.get(path).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new UnsatisfiedLinkError("-D" + PATH_PROPERTY + "=" + path
                    + " names no file (" + file + " does not exist or is not a regular file)");
        }
        systemLoad(file, "-D" + PATH_PROPERTY);
        return file.toString();
    }

    private static String loadFromJar() {
        String resource = platformFolder() + FILE_NAME;
        Path dir = extractionDirectory();
        Path file = dir.resolve(FILE_NAME);
        try {
            if (Libc.detect().equals(Libc.MUSL)) {
                // The libraries link against glibc; on musl dlopen would fail obscurely.
                throw new UnsatisfiedLinkError(unsupported(resource, Libc.MUSL));
            }
            copyResource(resource, file);
            systemLoad(file, "the jar's " + resource);
            return resource + " (copied to " + file + ")";
        } finally {
            // Loaded or not, the copy has served: once loaded the mapping stays valid.
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    private static void copyResource(String resource, Path file) {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError(unsupported(resource, Libc.detect()));
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw linkError("could not copy " + resource + " into " + file.getParent() + ": " + e
                    + "; set -D" + EXTRACT_DIR_PROPERTY
                    + " to a writable directory with room for it", e);
        }
    }

    private static Path extractionDirectory() {
        String configured = System.getProperty(EXTRACT_DIR_PROPERTY);
        Path base = Paths.get(configured != null ? configured : System.getProperty("java.io.tmpdir"));
        String source = configured != null ? "-D" + EXTRACT_DIR_PROPERTY : "java.io.tmpdir";
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "errseq-");
        } catch (IOException e) {
            throw linkError("could not create a directory to copy " + FILE_NAME + " into under "
                    + base + " (" + source + "): " + e + "; set -D" + EXTRACT_DIR_PROPERTY
                    + " to a writable directory", e);
        }
    }

    private static void systemLoad(Path file, String origin) {
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            String why = "could not load " + file + " (" + origin + "): " + e.getMessage();
            if (isOnNoexecMount(file)) {
                why += "; its filesystem is mounted noexec, so the library cannot be mapped"
                        + " executable: set -D" + EXTRACT_DIR_PROPERTY
                        + " to a directory on a filesystem without noexec, or -D" + PATH_PROPERTY
                        + " to an installed liberrseq.so";
            }
            throw linkError(why, e);
        }
    }

    /** Whether the mount holding {@code file} has the per-mount option {@code noexec}. */
    private static boolean isOnNoexecMount(Path file) {
        try {
            return MountTable.read().mountHolding(file.toAbsolutePath().normalize())
                    .map(mount -> mount.mountOptions().contains("noexec"))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false; // only an explanation is lost
        }
    }

    private static String unsupported(String resource, String libc) {
        return "errseq-jni has no native library for this platform (os.name="
                + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                + ", libc=" + libc + "; looked for " + resource + "); it ships " + SUPPORTED
                + "; elsewhere use ErrseqWord.createJava, or set -D" + PATH_PROPERTY
                + " to a liberrseq.so built for this platform";
    }

    /** The platforms the jar carries a library for. */
    public static final List<String> SUPPORTED = List.of(
            "linux x86_64 glibc >= 2.17 (natives/linux_64/)",
            "linux aarch64 glibc >= 2.17 (natives/linux_arm64/)");

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
        error.initCause(cause);
        return error;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover in the temp dir is harmless; the library is loaded already.
        }
    }
}

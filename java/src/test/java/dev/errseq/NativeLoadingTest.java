package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeLoadingTest {
    @Test
    void loadsThePlatformLibraryFromTheJarFolder() {
        ErrseqNative.load();
        String folder = ErrseqNative.platformFolder();
        assertEquals(expectedFolder(), folder);
        assertTrue(ErrseqNative.libraryOrigin().startsWith(folder + "liberrseq.so"),
                ErrseqNative.libraryOrigin());
        System.out.println("loaded " + ErrseqNative.libraryOrigin() + " on os.arch="
                + System.getProperty("os.arch"));
    }

    private static String expectedFolder() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "natives/linux_64/";
            case "aarch64" -> "natives/linux_arm64/";
            default -> throw new AssertionError("no library is built for os.arch=" + arch);
        };
    }
}

package dev.errseq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Libc detection on recorded /proc/self/maps lines, and on this JVM. */
class LibcTest {
    @Test
    void debianX86_64JvmIsGlibc() {
        List<String> maps = List.of(
                "55d0c2a00000-55d0c2a01000 r--p 00000000 fe:01 1312 /usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                "7f1c2e200000-7f1c2e228000 r--p 00000000 fe:01 2237 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f1c2e5f0000-7f1c2e5f2000 r--p 00000000 fe:01 2231 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "7ffd5d9e5000-7ffd5da06000 rw-p 00000000 00:00 0                          [stack]");
        assertEquals(Libc.GLIBC, Libc.fromMaps(maps));
    }

    @Test
    void alpineJvmIsMusl() {
        List<String> maps = List.of(
                "5590a7e00000-5590a7e01000 r--p 00000000 00:2f 1180 /usr/lib/jvm/java-17-openjdk/bin/java",
                "7f5e1a2b0000-7f5e1a2c4000 r--p 00000000 00:2f 998 /lib/ld-musl-x86_64.so.1");
        assertEquals(Libc.MUSL, Libc.fromMaps(maps));
    }

    @Test
    void oldGlibcWithVersionedFileNameIsGlibc() {
        List<String> maps = List.of(
                "7f00a0000000-7f00a01c0000 r-xp 00000000 08:01 1234 /lib64/libc-2.17.so");
        assertEquals(Libc.GLIBC, Libc.fromMaps(maps));
    }

    @Test
    void nothingRecognisableIsUnknown() {
        List<String> maps = List.of(
                "7ffd5d9e5000-7ffd5da06000 rw-p 00000000 00:00 0 [stack]",
                "7f00a0000000-7f00a01c0000 r-xp 00000000 08:01 1234 /opt/app/libmusl-helper.so");
        assertEquals(Libc.UNKNOWN, Libc.fromMaps(maps));
    }

    @Test
    void thisJvmRunsOnGlibc() {
        assertEquals(Libc.GLIBC, Libc.detect(), "the test machines are glibc-based");
    }
}

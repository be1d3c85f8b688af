package dev.errseq.internal;

import dev.errseq.mountinfo.MountTable;
import java.nio.charset.Charset;
import java.util.Arrays;

/** Java strings as the NUL-terminated bytes the natives take, in the JVM's path encoding. */
public final class CStrings {
    /** How the JVM encodes file names (sun.jnu.encoding), and so how the kernel sees them. */
    public static final Charset PATH_CHARSET = MountTable.PATH_CHARSET;

    private CStrings() {
    }

    /**
     * {@code text} encoded like a file name, plus the terminating NUL.
     *
     * @throws IllegalArgumentException if {@code text} contains a NUL, which C would cut short
     */
    public static byte[] of(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character: "
                    + text.replace("\0", "\\0"));
        }
        byte[] bytes = text.getBytes(PATH_CHARSET);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}

package dev.errseq.mountinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** mountinfo's octal escapes (proc(5)): the kernel's spelling of space, tab, newline, backslash. */
class MountInfoUnescapeTest {
    @Test
    void octalEscapesBecomeTheirCharacters() {
        assertEquals("a b\tc\nd\\e,f", MountInfo.unescape("a\\040b\\011c\\012d\\134e\\054f"));
        // Not an escape: left alone.
        assertEquals("a\\x\\12\\999\\", MountInfo.unescape("a\\x\\12\\999\\"));
    }
}

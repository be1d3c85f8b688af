package dev.errseq.trace;

import java.util.Objects;

/**
 * A device number, as {@code major:minor}. The kernel keeps it as {@code major << 20 | minor}
 * (that is what tracepoint fields and filters hold); user space (stat's {@code st_dev} and
 * {@code st_rdev}) has glibc's 64-bit encoding. Both convert here.
 *
 * @param major the major number
 * @param minor the minor number
 */
public record DeviceNumber(int major, int minor) {
    private static final int MINOR_BITS = 20;
    private static final int MINOR_MASK = (1 << MINOR_BITS) - 1;

    /**
     * Checks the numbers fit the kernel's encoding.
     *
     * @throws IllegalArgumentException if major is outside 0..4095 or minor outside 0..2^20-1
     *
     * @param major as in the class description
     * @param minor as in the class description
     */
    public DeviceNumber {
        if (major < 0 || major > 0xfff || minor < 0 || minor > MINOR_MASK) {
            throw new IllegalArgumentException("not a device number: " + major + ":" + minor);
        }
    }

    /**
     * The device of a kernel {@code dev_t}, such as a tracepoint's {@code s_dev}.
     *
     * @param kernelDev {@code major << 20 | minor}
     * @return the device
     * @throws IllegalArgumentException if {@code kernelDev} is not a 32-bit unsigned value
     */
    public static DeviceNumber fromKernel(long kernelDev) {
        if (kernelDev < 0 || kernelDev > 0xffff_ffffL) {
            throw new IllegalArgumentException("not a kernel dev_t: " + kernelDev);
        }
        return new DeviceNumber((int) (kernelDev >>> MINOR_BITS), (int) (kernelDev & MINOR_MASK));
    }

    /**
     * The device of a user-space {@code dev_t} (glibc's {@code makedev}), such as the
     * {@code unix:dev} or {@code unix:rdev} file attribute.
     *
     * @param dev the user-space encoding
     * @return the device
     * @throws IllegalArgumentException if the numbers do not fit the kernel's encoding
     */
    public static DeviceNumber fromUser(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return new DeviceNumber((int) major, (int) minor);
    }

    /**
     * Parses {@code major:minor}, as mountinfo and the trace print it.
     *
     * @param text such as {@code 7:0}
     * @return the device
     * @throws IllegalArgumentException if the text is not two numbers around a colon
     */
    public static DeviceNumber parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        try {
            return new DeviceNumber(Integer.parseInt(text.substring(0, colon)),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not major:minor: " + text, e);
        }
    }

    /**
     * The kernel's encoding.
     *
     * @return {@code major << 20 | minor}
     */
    public long kernelEncoding() {
        return ((long) major << MINOR_BITS) | minor;
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}

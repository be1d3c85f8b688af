package dev.errseq.internal;

/**
 * The natives of {@code native/jni/errseq_jni_mount_natives.c}: mount(2) and umount2(2), each
 * returning 0 or a negative errno. Strings are NUL-terminated byte arrays ({@link CStrings});
 * a null {@code source} or {@code data} is passed as NULL. Not part of the API: the package is
 * not exported.
 */
public final class MountNatives {
    /** {@code MNT_DETACH}: detach now, release the filesystem when its last user goes. */
    public static final int MNT_DETACH = 2;
    /** {@code MS_NOSUID}: ignore set-user-id and set-group-id bits. */
    public static final long MS_NOSUID = 2L;
    /** {@code MS_NODEV}: no device files. */
    public static final long MS_NODEV = 4L;
    /** {@code MS_NOEXEC}: nothing may be executed from the mount. */
    public static final long MS_NOEXEC = 8L;
    /** {@code MS_PRIVATE}: mounts and unmounts below this mount do not propagate. */
    public static final long MS_PRIVATE = 1L << 18;

    private MountNatives() {
    }

    /** mount(2); 0 or -errno. */
    public static native int mount(byte[] source, byte[] target, byte[] fsType, long flags,
            byte[] data);

    /** umount2(2); 0 or -errno. */
    public static native int umount(byte[] target, int flags);
}

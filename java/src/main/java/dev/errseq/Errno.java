package dev.errseq;

/**
 * Linux errno values and their names, for messages and {@code toString}.
 *
 * <p>The numbers are the kernel's generic ones ({@code asm-generic/errno*.h}), which both
 * x86_64 and aarch64 use. Methods accept an errno with either sign, since the kernel's
 * functions return it negative.
 */
public final class Errno {
    /** {@code EPERM}. */
    public static final int EPERM = 1;
    /** {@code ENOENT}. */
    public static final int ENOENT = 2;
    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code EIO}. */
    public static final int EIO = 5;
    /** {@code ENXIO}. */
    public static final int ENXIO = 6;
    /** {@code EBADF}. */
    public static final int EBADF = 9;
    /** {@code EAGAIN}. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM}. */
    public static final int ENOMEM = 12;
    /** {@code EACCES}. */
    public static final int EACCES = 13;
    /** {@code EFAULT}. */
    public static final int EFAULT = 14;
    /** {@code EBUSY}. */
    public static final int EBUSY = 16;
    /** {@code EEXIST}. */
    public static final int EEXIST = 17;
    /** {@code EXDEV}. */
    public static final int EXDEV = 18;
    /** {@code ENODEV}. */
    public static final int ENODEV = 19;
    /** {@code ENOTDIR}. */
    public static final int ENOTDIR = 20;
    /** {@code EISDIR}. */
    public static final int EISDIR = 21;
    /** {@code EINVAL}. */
    public static final int EINVAL = 22;
    /** {@code EMFILE}. */
    public static final int EMFILE = 24;
    /** {@code ENOTTY}. */
    public static final int ENOTTY = 25;
    /** {@code EFBIG}. */
    public static final int EFBIG = 27;
    /** {@code ENOSPC}. */
    public static final int ENOSPC = 28;
    /** {@code EROFS}. */
    public static final int EROFS = 30;
    /** {@code ENAMETOOLONG}. */
    public static final int ENAMETOOLONG = 36;
    /** {@code ENOSYS}. */
    public static final int ENOSYS = 38;
    /** {@code ENOTEMPTY}. */
    public static final int ENOTEMPTY = 39;
    /** {@code ELOOP}. */
    public static final int ELOOP = 40;
    /** {@code EOVERFLOW}. */
    public static final int EOVERFLOW = 75;
    /** {@code EOPNOTSUPP}. */
    public static final int EOPNOTSUPP = 95;
    /** {@code ETIMEDOUT}. */
    public static final int ETIMEDOUT = 110;
    /** {@code ESTALE}. */
    public static final int ESTALE = 116;
    /** {@code EUCLEAN}. */
    public static final int EUCLEAN = 117;
    /** {@code EREMOTEIO}. */
    public static final int EREMOTEIO = 121;
    /** {@code EDQUOT}. */
    public static final int EDQUOT = 122;
    /** {@code ENOMEDIUM}. */
    public static final int ENOMEDIUM = 123;
    /** {@code ECANCELED}. */
    public static final int ECANCELED = 125;

    /** Index {@code n - 1} holds the name of errno {@code n}; null for unused numbers. */
    private static final String[] NAMES = {
        "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO",
        "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM",
        "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE",
        "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
        "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", null, "ENOMSG",
        "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG",
        "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL",
        "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR",
        "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE",
        "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP",
        "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG",
        "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ",
        "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
        "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT",
        "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET",
        "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN",
        "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY",
        "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
        "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY",
        "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL",
        "EHWPOISON"
    };

    private Errno() {
    }

    /**
     * The symbolic name of {@code errno} (either sign), such as {@code "EIO"}; for a number
     * without one, {@code "errno 4000"}; for 0, {@code "no error"}.
     *
     * @param errno an errno, either sign, or 0
     * @return the symbolic name of {@code errno} (either sign), such as {@code "EIO"}; for a number
     *     without one, {@code "errno 4000"}; for 0, {@code "no error"}
     */
    public static String name(int errno) {
        int n = Math.abs(errno);
        if (n == 0) {
            return "no error";
        }
        if (n > 0 && n <= NAMES.length && NAMES[n - 1] != null) {
            return NAMES[n - 1];
        }
        return "errno " + Integer.toUnsignedString(n);
    }

    /**
     * The number of a symbolic name such as {@code "EIO"} (positive), or -1 if unknown.
     *
     * @param name a symbolic name such as {@code "EIO"}
     * @return the number of a symbolic name such as {@code "EIO"} (positive), or -1 if unknown
     */
    public static int valueOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (name.equals(NAMES[i])) {
                return i + 1;
            }
        }
        return -1;
    }
}

package dev.errseq.mountinfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code /proc/self/mountinfo} (proc(5)), its escapes undone:
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)    (10)         (11)
 * </pre>
 *
 * <p>The kernel writes space, tab, newline and backslash in paths as a backslash and three
 * octal digits ({@code \040} for a space); overlayfs escapes commas in its options the same
 * way, so splitting the super options at commas is safe. There may be any number of optional
 * fields (7), up to the lone {@code -} (8).
 *
 * @param mountId the mount's unique id (1)
 * @param parentId the id of the parent mount (2)
 * @param device {@code major:minor} of the filesystem's st_dev (3)
 * @param root the directory of the filesystem that is mounted here (4)
 * @param mountPoint where it is mounted, relative to this process's root (5)
 * @param mountOptions per-mount options such as {@code rw}, {@code noexec} (6)
 * @param optionalFields tags such as {@code shared:1}, {@code master:2}, possibly none (7)
 * @param fsType the filesystem type, such as {@code overlay}; {@code fuse.x} for FUSE (9)
 * @param source what was mounted, filesystem specific (10)
 * @param superOptions the superblock's options, each escape undone (11)
 */
public record MountInfo(int mountId, int parentId, String device, String root, Path mountPoint,
        List<String> mountOptions, List<String> optionalFields, String fsType, String source,
        List<String> superOptions) {

    /** The separator between the optional fields and the filesystem type. */
    private static final String SEPARATOR = "-";
    /** Fields before the optional ones: id, parent, device, root, mount point, options. */
    private static final int FIXED_FIELDS = 6;

    /**
     * Copies the lists; every component but the ids must be non-null.
     *
     * @param mountId the mount's unique id (1)
     * @param parentId the id of the parent mount (2)
     * @param device {@code major:minor} of the filesystem's st_dev (3)
     * @param root the directory of the filesystem that is mounted here (4)
     * @param mountPoint where it is mounted, relative to this process's root (5)
     * @param mountOptions per-mount options such as {@code rw}, {@code noexec} (6)
     * @param optionalFields tags such as {@code shared:1}, {@code master:2}, possibly none (7)
     * @param fsType the filesystem type, such as {@code overlay}; {@code fuse.x} for FUSE (9)
     * @param source what was mounted, filesystem specific (10)
     * @param superOptions the superblock's options, each escape undone (11)
     * @throws NullPointerException if a component other than the ids is null
     */
    public MountInfo {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
        mountOptions = List.copyOf(Objects.requireNonNull(mountOptions, "mountOptions"));
        optionalFields = List.copyOf(Objects.requireNonNull(optionalFields, "optionalFields"));
        superOptions = List.copyOf(Objects.requireNonNull(superOptions, "superOptions"));
    }

    /**
     * Parses one line of mountinfo.
     *
     * @param line one line of {@code /proc/<pid>/mountinfo}, without its newline
     * @return the mount the line describes
     * @throws IllegalArgumentException if the line does not have mountinfo's shape (too few
     *     fields, no {@code -} separator, ids that are not numbers)
     */
    public static MountInfo parse(String line) {
        Objects.requireNonNull(line, "line");
        String[] fields = line.strip().split(" ");
        int separator = separatorIndex(fields);
        if (separator < 0 || fields.length < separator + 3) {
            throw new IllegalArgumentException("not a mountinfo line (expected 6 fields,"
                    + " optional fields, \"-\", type, source, super options): " + line);
        }
        try {
            return new MountInfo(
                    Integer.parseInt(fields[0]),
                    Integer.parseInt(fields[1]),
                    fields[2],
                    unescape(fields[3]),
                    Path.of(unescape(fields[4])),
                    splitOptions(fields[5]),
                    Arrays.asList(fields).subList(FIXED_FIELDS, separator),
                    unescape(fields[separator + 1]),
                    unescape(fields[separator + 2]),
                    fields.length > separator + 3
                            ? splitOptions(fields[separator + 3]) : List.of());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a mountinfo line (mount ids must be"
                    + " numbers): " + line, e);
        }
    }

    /** The first {@code -} after the six fixed fields, or -1. */
    private static int separatorIndex(String[] fields) {
        for (int i = FIXED_FIELDS; i < fields.length; i++) {
            if (fields[i].equals(SEPARATOR)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits a comma-separated option field, undoing the escapes of each option. */
    private static List<String> splitOptions(String field) {
        List<String> options = new ArrayList<>();
        for (String option : field.split(",")) {
            if (!option.isEmpty()) {
                options.add(unescape(option));
            }
        }
        return options;
    }

    /**
     * The value of the last super option {@code key=value} (the kernel lets later options
     * override earlier ones), if there is one.
     *
     * @param key the option's name, without {@code =}
     * @return the option's last value, or empty if the option is not there
     */
    public Optional<String> superOption(String key) {
        Objects.requireNonNull(key, "key");
        String prefix = key + "=";
        String value = null;
        for (String option : superOptions) {
            if (option.startsWith(prefix)) {
                value = option.substring(prefix.length());
            }
        }
        return Optional.ofNullable(value);
    }

    /**
     * Every value of a super option that may repeat, such as overlayfs's {@code lowerdir+}.
     *
     * @param key the option's name, without {@code =}
     * @return the option's values in the order given, possibly none
     */
    public List<String> superOptionValues(String key) {
        Objects.requireNonNull(key, "key");
        String prefix = key + "=";
        List<String> values = new ArrayList<>();
        for (String option : superOptions) {
            if (option.startsWith(prefix)) {
                values.add(option.substring(prefix.length()));
            }
        }
        return values;
    }

    /**
     * Whether the super options hold the flag {@code flag} (an option without a value).
     *
     * @param flag the option's name
     * @return whether the super options hold the flag {@code flag} (an option without a value)
     */
    public boolean hasSuperFlag(String flag) {
        return superOptions.contains(Objects.requireNonNull(flag, "flag"));
    }

    /**
     * Undoes mountinfo's escapes: a backslash followed by three octal digits is that byte.
     * Anything else, a lone backslash included, stays as it is.
     */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctalEscape(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctalEscape(String s, int from) {
        if (from + 3 > s.length() || s.charAt(from) > '3') {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}

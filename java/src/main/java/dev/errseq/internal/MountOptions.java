package dev.errseq.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Reads {@code /proc/self/mountinfo} to explain a failed load. */
final class MountOptions {
    private MountOptions() {
    }

    /** Whether the mount holding {@code file} has the per-mount option {@code noexec}. */
    static boolean isNoexec(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get("/proc/self/mountinfo"));
        } catch (IOException e) {
            return false;
        }
        Path target = file.toAbsolutePath().normalize();
        String bestPoint = "";
        boolean bestNoexec = false;
        for (String line : lines) {
            // id parent major:minor root mount-point options ...
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            String point = unescape(fields[4]);
            if (target.startsWith(point) && point.length() >= bestPoint.length()) {
                bestPoint = point;
                bestNoexec = List.of(fields[5].split(",")).contains("noexec");
            }
        }
        return bestNoexec;
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
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

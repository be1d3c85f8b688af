package dev.errseq.cli.conformance;

import dev.errseq.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports per watcher as text, and the expected shape they are held against: "E" for an error
 * (which errno is the block layer's business) and "0" for none, one per report.
 */
public final class Shapes {
    private Shapes() {
    }

    static Map<String, String> of(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * @param reports per watcher, its reports in order: 0 or a positive errno
     * @return {@code A:ENOSPC,0 B:ENOSPC,0}
     */
    public static String render(Map<String, List<Integer>> reports) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Integer>> entry : reports.entrySet()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(entry.getKey()).append(':');
            List<String> names = new ArrayList<>();
            for (int report : entry.getValue()) {
                names.add(report == 0 ? "0" : Errno.name(report));
            }
            text.append(String.join(",", names));
        }
        return text.toString();
    }

    /**
     * @param shape per watcher, "E" and "0" separated by commas
     * @return {@code A:E,0 B:E,0}
     */
    public static String renderShape(Map<String, String> shape) {
        StringBuilder text = new StringBuilder();
        shape.forEach((k, v) -> text.append(text.length() > 0 ? " " : "").append(k).append(':')
                .append(v));
        return text.toString();
    }

    /**
     * @param reports per watcher, its reports in order
     * @param shape the expected shape
     * @return whether the same watchers got as many reports, each an error exactly where the
     *     shape has "E"
     */
    public static boolean matches(Map<String, List<Integer>> reports, Map<String, String> shape) {
        if (!reports.keySet().equals(shape.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> entry : shape.entrySet()) {
            String[] expected = entry.getValue().split(",");
            List<Integer> got = reports.get(entry.getKey());
            if (got.size() != expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (expected[i].equals("E") != (got.get(i) != 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}

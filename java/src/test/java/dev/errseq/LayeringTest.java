package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's packages point one way: each may use only the packages below it. Read from
 * the compiled classes' constant pools, where every class a class names is written as
 * {@code dev/errseq/pkg/Name}, so that no reference, however indirect, slips past.
 */
class LayeringTest {
    /** Each package and the library packages it may use, lowest first. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "mountinfo", Set.of(),
            "internal", Set.of("mountinfo"),
            "", Set.of("internal"),
            "fs", Set.of("", "internal", "mountinfo"),
            "overlay", Set.of("", "internal", "mountinfo", "fs"),
            "trace", Set.of("", "internal", "mountinfo", "fs"));

    private static final Pattern REFERENCE = Pattern.compile("dev/errseq/(?:([a-z]+)/)?[A-Z]");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException, URISyntaxException {
        Path classes = Path.of(ErrseqWord.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<String> violations = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/errseq"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String pkg = packageOf(classes.relativize(file));
                seen.add(pkg);
                Set<String> allowed = ALLOWED.get(pkg);
                assertTrue(allowed != null, "package dev.errseq." + pkg + " has no place in the layers;"
                        + " add it to LayeringTest.ALLOWED");
                Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(file),
                        StandardCharsets.ISO_8859_1));
                Set<String> used = new TreeSet<>();
                while (m.find()) {
                    used.add(m.group(1) == null ? "" : m.group(1));
                }
                used.remove(pkg);
                used.removeAll(allowed);
                for (String higher : used) {
                    violations.add(classes.relativize(file) + " uses dev.errseq"
                            + (higher.isEmpty() ? "" : "." + higher));
                }
            }
        }
        assertEquals(new TreeSet<>(ALLOWED.keySet()), seen, "packages compiled");
        assertEquals(List.of(), violations);
    }

    /** "" for dev/errseq/X.class, "fs" for dev/errseq/fs/X.class. */
    private static String packageOf(Path relative) {
        return relative.getNameCount() == 3 ? "" : relative.getName(2).toString();
    }
}

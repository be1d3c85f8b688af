package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrnoTest {
    private static final Path ERRNO_BASE_H = Path.of("/usr/include/asm-generic/errno-base.h");
    private static final Path ERRNO_H = Path.of("/usr/include/asm-generic/errno.h");
    private static final Pattern DEFINE =
            Pattern.compile("^#define\\s+(E[A-Z0-9]+)\\s+([0-9]+)\\b", Pattern.MULTILINE);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"EIO, 5", "ENOSPC, 28", "EDQUOT, 122", "EPERM, 1"})
    void namesTheErrnosOfWritebackBothSigns(String name, int number) {
        assertEquals(name, Errno.name(number));
        assertEquals(name, Errno.name(-number));
        assertEquals(number, Errno.valueOf(name));
    }

    @Test
    void constantsHaveTheKernelNumbers() {
        assertEquals(1, Errno.EPERM);
        assertEquals(5, Errno.EIO);
        assertEquals(28, Errno.ENOSPC);
        assertEquals(122, Errno.EDQUOT);
    }

    @Test
    void zeroIsNoError() {
        assertEquals("no error", Errno.name(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "41, errno 41",       // EWOULDBLOCK is only an alias of EAGAIN (11)
        "-41, errno 41",
        "58, errno 58",       // EDEADLOCK is only an alias of EDEADLK (35)
        "134, errno 134",     // one past EHWPOISON, the last generic errno
        "-134, errno 134",
        "4095, errno 4095",
        "4096, errno 4096",
        "2147483647, errno 2147483647",
        "-2147483647, errno 2147483647",
    })
    void unknownNumbersAreNamedByNumber(int number, String expected) {
        assertEquals(expected, Errno.name(number));
    }

    /** |Integer.MIN_VALUE| does not fit an int; the name should still be its magnitude. */
    @Test
    void integerMinValueIsNamedByItsUnsignedMagnitude() {
        assertEquals("errno 2147483648", Errno.name(Integer.MIN_VALUE));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "EWHATEVER", "eio", "EIO ", "no error", "errno 5", "5"})
    void unknownNamesAreMinusOne(String name) {
        assertEquals(-1, Errno.valueOf(name));
    }

    @Test
    void valueOfRoundTripsEveryName() {
        int named = 0;
        for (int n = 1; n <= 4095; n++) {
            String name = Errno.name(n);
            if (name.startsWith("errno ")) {
                assertEquals(-1, Errno.valueOf(name), name);
                continue;
            }
            named++;
            assertTrue(name.matches("E[A-Z0-9]+"), name);
            assertEquals(n, Errno.valueOf(name), name);
            assertEquals(name, Errno.name(Errno.valueOf(name)));
        }
        assertEquals(131, named, "1..133 except 41 and 58");
    }

    @Test
    void everyPublicConstantIsNamedAfterItself() throws IllegalAccessException {
        int constants = 0;
        for (Field field : Errno.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                constants++;
                int value = field.getInt(null);
                assertEquals(field.getName(), Errno.name(value), field.getName());
                assertEquals(value, Errno.valueOf(field.getName()), field.getName());
            }
        }
        assertTrue(constants >= 4, "found " + constants + " constants");
    }

    @Test
    void agreesWithTheKernelHeaders() throws IOException {
        boolean present = Files.isReadable(ERRNO_BASE_H) && Files.isReadable(ERRNO_H);
        if (!present) {
            System.out.println("ErrnoTest: skipping the header comparison: "
                    + ERRNO_BASE_H + " or " + ERRNO_H + " is missing (install linux-libc-dev)");
        }
        assumeTrue(present, "no " + ERRNO_BASE_H + " and " + ERRNO_H);

        Map<Integer, String> firstName = new LinkedHashMap<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (Path header : List.of(ERRNO_BASE_H, ERRNO_H)) {
            Matcher m = DEFINE.matcher(Files.readString(header));
            while (m.find()) {
                int number = Integer.parseInt(m.group(2));
                firstName.putIfAbsent(number, m.group(1));
                byName.put(m.group(1), number);
            }
        }
        assertTrue(firstName.size() >= 100,
                "parsed only " + firstName.size() + " numbers: is the regex still right?");

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Integer, String> e : firstName.entrySet()) {
            if (!e.getValue().equals(Errno.name(e.getKey()))) {
                wrong.add(e.getKey() + ": header " + e.getValue() + ", Errno " + Errno.name(e.getKey()));
            }
            if (Errno.valueOf(e.getValue()) != e.getKey()) {
                wrong.add(e.getValue() + ": header " + e.getKey() + ", valueOf "
                        + Errno.valueOf(e.getValue()));
            }
        }
        for (Field field : Errno.class.getFields()) {
            if (field.getType() == int.class) {
                Integer number = byName.get(field.getName());
                int value;
                try {
                    value = field.getInt(null);
                } catch (IllegalAccessException ex) {
                    throw new AssertionError(ex);
                }
                if (number == null || number != value) {
                    wrong.add("Errno." + field.getName() + " = " + value + ", header " + number);
                }
            }
        }
        // A number the headers leave out has no name.
        int highest = firstName.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int n = 1; n <= highest + 1; n++) {
            if (!firstName.containsKey(n) && !Errno.name(n).equals("errno " + n)) {
                wrong.add(n + ": not in the headers, Errno " + Errno.name(n));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        System.out.println("ErrnoTest: " + firstName.size() + " errnos agree with " + ERRNO_BASE_H
                + " and " + ERRNO_H);
    }
}

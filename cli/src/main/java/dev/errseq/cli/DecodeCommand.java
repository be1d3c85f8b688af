package dev.errseq.cli;

import dev.errseq.Errno;
import dev.errseq.Layout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code errseq decode}: spells out raw errseq words, as found in a crash dump or a trace. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Spell out raw errseq words: errno, flags and counter.",
        description = {
            "",
            "Each WORD is a 32-bit errseq_t value in hex (0x101c or 101c), as the kernel's "
                + "filemap tracepoints or a crash dump show it. The upstream "
                + "layout (lib/errseq.c) keeps the errno in bits 0-11, SEEN in bit 12 and a "
                + "19-bit counter from bit 13; the split layout (the ERRSEQ_SEEN split patch, v3) "
                + "has REPORTED in bit 12, OBSERVED in bit 13 and an 18-bit counter from bit 14.",
            "",
            "Example:",
            "  errseq decode 0x101c",
            "  0x0000101c upstream: counter 0, errno 28 ENOSPC, SEEN",
            "",
        })
final class DecodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = {"-l", "--layout"}, paramLabel = "LAYOUT", defaultValue = "upstream",
            converter = LayoutConverter.class,
            description = "upstream (the kernel's, default) or split.")
    Layout layout;

    @Parameters(paramLabel = "WORD", arity = "1..*", converter = WordConverter.class,
            description = "A raw word in hex, 0x00000000 to 0xffffffff.")
    List<Integer> words;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (int raw : words) {
            out.println(output.json ? json(layout, raw) : text(layout, raw));
        }
        out.flush();
    }

    /** {@code 0x0000101c upstream: counter 0, errno 28 ENOSPC, SEEN}. */
    static String text(Layout layout, int raw) {
        StringBuilder line = new StringBuilder(String.format("0x%08x %s: ", raw, name(layout)));
        if (raw == 0) {
            return line.append("the epoch, no error ever").toString();
        }
        int errno = Layout.errnoOf(raw);
        line.append("counter ").append(layout.counterOf(raw)).append(", errno ").append(errno)
                .append(' ').append(Errno.name(errno));
        for (String flag : flags(layout, raw)) {
            line.append(", ").append(flag);
        }
        return line.toString();
    }

    static String json(Layout layout, int raw) {
        Json json = new Json()
                .put("word", String.format("0x%08x", raw))
                .put("layout", name(layout))
                .put("errno", Layout.errnoOf(raw))
                .put("errno_name", raw == 0 ? null : Errno.name(Layout.errnoOf(raw)))
                .put("counter", layout.counterOf(raw));
        if (layout == Layout.UPSTREAM) {
            json.put("seen", layout.isReported(raw));
        } else {
            json.put("reported", layout.isReported(raw)).put("observed", layout.isObserved(raw));
        }
        return json.toString();
    }

    private static List<String> flags(Layout layout, int raw) {
        List<String> flags = new ArrayList<>();
        if (layout.isReported(raw)) {
            flags.add(layout == Layout.UPSTREAM ? "SEEN" : "REPORTED");
        }
        if (layout == Layout.SPLIT && layout.isObserved(raw)) {
            flags.add("OBSERVED");
        }
        return flags;
    }

    static String name(Layout layout) {
        return layout.name().toLowerCase(Locale.ROOT);
    }

    /** Hex, with or without 0x, 1 to 8 digits. */
    static final class WordConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
            if (!digits.matches("[0-9a-fA-F]{1,8}")) {
                throw new TypeConversionException("'" + value + "' is not a 32-bit hex word"
                        + " (write it like 0x101c)");
            }
            return Integer.parseUnsignedInt(digits, 16);
        }
    }

    /** upstream or split, in any case. */
    static final class LayoutConverter implements ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            for (Layout layout : Layout.values()) {
                if (layout.name().equalsIgnoreCase(value)) {
                    return layout;
                }
            }
            throw new TypeConversionException("'" + value + "' is no layout (use upstream or split)");
        }
    }
}

package dev.errseq.cli;

import java.util.Map;

/**
 * One JSON object on one line, built field by field, for {@code --json}: enough for strings,
 * numbers, booleans and null, with no dependency. Keys keep the order they were added in.
 */
final class Json {
    private final StringBuilder text = new StringBuilder("{");

    Json put(String key, String value) {
        return key(key).string(value);
    }

    Json put(String key, long value) {
        key(key).text.append(value);
        return this;
    }

    Json put(String key, boolean value) {
        key(key).text.append(value);
        return this;
    }

    /** A nested object whose values are all strings. */
    Json put(String key, Map<String, String> values) {
        key(key).text.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            string(entry.getKey()).text.append(':');
            string(entry.getValue());
        }
        text.append('}');
        return this;
    }

    private Json key(String key) {
        if (text.length() > 1) {
            text.append(',');
        }
        string(key).text.append(':');
        return this;
    }

    private Json string(String value) {
        if (value == null) {
            text.append("null");
            return this;
        }
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }
}

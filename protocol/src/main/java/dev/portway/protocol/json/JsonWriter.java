// Writes plain values (Map, List, String, numbers, booleans, null) and records as JSON, laid out exactly as the CLI's
// Jackson printer does (nulls in objects left out), so a connect's lines keep their form without Jackson loaded.
package dev.portway.protocol.json;

import java.util.Collection;
import java.util.Map;

public final class JsonWriter {
    private JsonWriter() {
    }

    /** Indented over lines: objects one member a line, arrays on one line ({@code [ 1, 2 ]}), as Jackson's. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    /** On one line, no blanks: a request body. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1);
        return sb.toString();
    }

    /** depth -1: compact. */
    private static void write(StringBuilder sb, Object value, int depth) {
        Object v = value != null && value.getClass().isRecord() ? RecordMapping.toMap((Record) value) : value;
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> map) {
            object(sb, map, depth);
        } else if (v instanceof Collection<?> list) {
            array(sb, list, depth);
        } else if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
            string(sb, v.toString()); // JSON has no NaN or Infinity; quoted, as Jackson writes them
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Enum<?> e) {
            string(sb, e.name());
        } else {
            string(sb, v.toString());
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.values().stream().allMatch(java.util.Objects::isNull)) {
            sb.append(depth < 0 ? "{}" : "{ }");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() == null) {
                continue; // left out, as the API's mapper leaves out nulls
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (depth >= 0) {
                sb.append('\n').append("  ".repeat(depth + 1));
            }
            string(sb, String.valueOf(e.getKey()));
            sb.append(depth < 0 ? ":" : " : ");
            write(sb, e.getValue(), depth < 0 ? -1 : depth + 1);
        }
        if (depth >= 0) {
            sb.append('\n').append("  ".repeat(depth));
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, Collection<?> list, int depth) {
        if (list.isEmpty()) {
            sb.append(depth < 0 ? "[]" : "[ ]");
            return;
        }
        sb.append(depth < 0 ? "[" : "[ ");
        boolean first = true;
        for (Object o : list) {
            if (!first) {
                sb.append(depth < 0 ? "," : ", ");
            }
            first = false;
            write(sb, o, depth);
        }
        sb.append(depth < 0 ? "]" : " ]");
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

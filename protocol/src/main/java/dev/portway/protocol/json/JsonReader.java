// Reads JSON text into plain values (Map, List, String, Long, Double, Boolean, null): the API answers and hellos the
// connect path reads, without keeping Jackson loaded for the life of a tunnel.
package dev.portway.protocol.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class JsonReader {
    /** Deeper nesting is refused: no answer or hello nests this far, and recursion must not exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private int at;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /** The value the text holds; IllegalArgumentException saying where when it is not JSON. */
    public static Object parse(String text) {
        JsonReader reader = new JsonReader(text);
        Object value = reader.value();
        reader.blanks();
        if (reader.at != text.length()) {
            throw reader.bad("text after the value");
        }
        return value;
    }

    private Object value() {
        blanks();
        if (at >= text.length()) {
            throw bad("the text ends where a value should be");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return nested(true);
            case '[':
                return nested(false);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw bad("unexpected '" + c + "'");
        }
    }

    private Object nested(boolean object) {
        if (++depth > MAX_DEPTH) {
            throw bad("nesting too deep");
        }
        Object value = object ? object() : array();
        depth--;
        return value;
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        blanks();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            blanks();
            if (peek() != '"') {
                throw bad("a name should be here");
            }
            String name = string();
            blanks();
            expect(':');
            map.put(name, value());
            blanks();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        at++;
        blanks();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            list.add(value());
            blanks();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw bad("the text ends inside a string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = at < text.length() ? text.charAt(at++) : 0;
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw bad("a short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw bad("a bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw bad("a bad escape");
            }
        }
    }

    private Object number() {
        int start = at;
        boolean fraction = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '.' || c == 'e' || c == 'E') {
                fraction = true;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            at++;
        }
        String n = text.substring(start, at);
        try {
            return fraction ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw bad("a bad number");
        }
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw bad("unexpected '" + text.charAt(at) + "'");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw bad("'" + c + "' should be here");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void blanks() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("not JSON: " + what + " at offset " + at);
    }
}

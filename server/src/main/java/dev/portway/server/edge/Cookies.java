// The Cookie request header, read and cut at the edge: the session cookie's value, and the header without it (so
// the edge's own cookie never reaches the origin, while the origin's cookies pass as they came).
package dev.portway.server.edge;

import java.util.List;

public final class Cookies {
    private Cookies() {
    }

    /** The cookie's value in one Cookie header (null: none), or null. */
    public static String value(String header, String name) {
        return header == null ? null : value(List.of(header), name);
    }

    /** The first value of the cookie in any of the Cookie headers, or null. */
    static String value(List<String> headers, String name) {
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String v = pair.substring(eq + 1).strip();
                    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1)
                            : v;
                }
            }
        }
        return null;
    }

    /** The header without the cookie (every occurrence), or null when nothing else is left. */
    static String without(String header, String name) {
        StringBuilder kept = new StringBuilder();
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            String n = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            if (n.equals(name) || pair.isBlank()) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(pair.strip());
        }
        return kept.length() == 0 ? null : kept.toString();
    }
}

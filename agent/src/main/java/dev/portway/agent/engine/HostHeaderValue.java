// Checks what a tunnel is told to send as Host to its local service (--host-header, the config's host_header):
// "rewrite", or a plausible HOST[:PORT]. It goes into request heads as it is, so nothing else may pass (a CR or LF
// would let it add headers of its own).
package dev.portway.agent.engine;

import java.util.regex.Pattern;

public final class HostHeaderValue {
    /** A DNS name or IPv4 address, or an IPv6 address in brackets; then an optional port. */
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\\.?"
                    + "|\\[[0-9A-Fa-f:.]{2,45}])(?::(\\d{1,5}))?");

    private HostHeaderValue() {
    }

    /**
     * The value as a LocalTarget's hostHeader takes it: "rewrite" or HOST[:PORT] (stripped), null for none.
     *
     * @throws IllegalArgumentException with a sentence saying what is accepted
     */
    public static String check(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.equals(LocalTarget.REWRITE)) {
            return v;
        }
        var m = HOST_PORT.matcher(v);
        // Control characters anywhere, even at the ends where strip() would take them away, mean a mistake.
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || v.length() > 260 || !m.matches()
                || m.group(1) != null && !port(m.group(1))) {
            throw new IllegalArgumentException("\"" + printable(value) + "\" is neither rewrite nor a HOST[:PORT] "
                    + "(e.g. myapp.test or localhost:5173)");
        }
        return v;
    }

    private static boolean port(String digits) {
        int p = Integer.parseInt(digits);
        return p >= 1 && p <= 65535;
    }

    /** The value as an error line can show it: control characters escaped, so the message stays one line. */
    private static String printable(String value) {
        StringBuilder s = new StringBuilder();
        value.codePoints().forEach(c -> s.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                : new String(Character.toChars(c))));
        return s.toString();
    }
}

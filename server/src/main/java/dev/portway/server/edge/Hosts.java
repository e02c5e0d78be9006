// Reads the routing name from a Host header: port stripped, lower-cased, trailing dot dropped.
package dev.portway.server.edge;

import java.util.Locale;

final class Hosts {
    private Hosts() {
    }

    static String routingName(String host) {
        if (host == null) {
            return null;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(0, end + 1) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
    }
}

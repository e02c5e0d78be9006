// Reads the routing name from a Host header: port stripped, lower-cased, trailing dot dropped.
package dev.portway.server.edge;

import java.util.Locale;

final class Hosts {
    private Hosts() {
    }

    /** The name, or null when there is none or the port part is no port (not 0 to 65535 digits). */
    static String routingName(String host) {
        if (host == null) {
            return null;
        }
        String h = host.strip();
        String port = null;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end > 0 && h.length() > end + 1) {
                port = h.charAt(end + 1) == ':' ? h.substring(end + 2) : "bad";
            }
            h = end > 0 ? h.substring(0, end + 1) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                port = h.substring(colon + 1);
                h = h.substring(0, colon);
            }
        }
        if (port != null && !(port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535)) {
            return null;
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
    }
}

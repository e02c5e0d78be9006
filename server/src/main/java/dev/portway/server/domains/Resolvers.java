// Reads --resolver: the DNS server (HOST:PORT, an IPv6 host in brackets) that custom domains' TXT records are
// looked up with.
package dev.portway.server.domains;

public final class Resolvers {
    private Resolvers() {
    }

    /** The resolver as given (stripped); IllegalArgumentException with a plain message when it is no HOST:PORT. */
    public static String parse(String value) {
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        String host = colon > 0 ? v.substring(0, colon) : "";
        String port = colon > 0 ? v.substring(colon + 1) : "";
        boolean hostOk = host.startsWith("[") ? host.endsWith("]") && host.length() > 2
                : !host.isEmpty() && !host.contains(":") && host.matches("[A-Za-z0-9.-]+");
        if (!hostOk || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("--resolver must be HOST:PORT of a DNS server, like 1.1.1.1:53 or"
                    + " [2606:4700:4700::1111]:53, not \"" + value + "\"");
        }
        return v;
    }
}

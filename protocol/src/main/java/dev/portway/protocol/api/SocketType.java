// The kinds of socket and what each means for the edge.
package dev.portway.protocol.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class SocketType {
    /** Served on the HTTP port and, TLS terminated, on the HTTPS port. */
    public static final String HTTP = "http";
    /** As http, but plain-HTTP visitors are redirected to HTTPS. */
    public static final String HTTPS = "https";
    /** Raw bytes on a dedicated port. */
    public static final String TCP = "tcp";
    /** TLS passed through untouched: on a dedicated port, and by SNI on the shared HTTPS port. */
    public static final String TLS = "tls";
    /** Datagrams on a dedicated port of UDP's own port space (--udp-ports). */
    public static final String UDP = "udp";
    public static final List<String> ALL = List.of(HTTP, HTTPS, TCP, TLS, UDP);

    private SocketType() {
    }

    /** The canonical type for user input (null means http), or empty when it names no type. */
    public static Optional<String> parse(String text) {
        String t = text == null ? HTTP : text.strip().toLowerCase(Locale.ROOT);
        return ALL.contains(t) ? Optional.of(t) : Optional.empty();
    }

    /**
     * tcp, tls and udp sockets carry what visitors send (bytes, datagrams) on a dedicated port, with no HTTP: no
     * certificate, no sign-in. http and https carry HTTP requests.
     */
    public static boolean isRaw(String type) {
        return TCP.equals(type) || TLS.equals(type) || UDP.equals(type);
    }

    /** udp sockets' port is a UDP port (--udp-ports); every other dedicated port is a TCP one. */
    public static boolean isUdp(String type) {
        return UDP.equals(type);
    }
}

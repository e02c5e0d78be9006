// How long and how many visitor connections the edge keeps, so that no client can starve the others, and whether its
// HTTPS port offers HTTP/2.
package dev.portway.server.config;

import java.time.Duration;

public record EdgeLimits(
        /* A new HTTP(S) connection must send a complete request head within this (Slowloris). */
        Duration headerTimeout,
        /* An HTTP(S) connection with no bytes either way for this long is closed. */
        Duration idleTimeout,
        /* Visitor connections at once, over every edge port. */
        int maxConnections,
        /* Visitor connections at once from one client address. */
        int maxConnectionsPerAddress,
        /* The HTTPS port offers HTTP/2 (ALPN h2) beside HTTP/1.1 (--edge-http2). */
        boolean http2) {

    public static final EdgeLimits DEFAULTS = new EdgeLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000,
            256);

    /** With HTTP/2 offered, the default. */
    public EdgeLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerAddress) {
        this(headerTimeout, idleTimeout, maxConnections, maxConnectionsPerAddress, true);
    }
}

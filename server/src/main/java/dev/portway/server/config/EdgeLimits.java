// How long and how many visitor connections the edge keeps, so that no client can starve the others.
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
        int maxConnectionsPerAddress) {

    public static final EdgeLimits DEFAULTS = new EdgeLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000,
            256);
}

// The local service a tunnel exposes: host and port on the agent's machine, and the Host header its HTTP requests
// carry there (hostHeader null: the visitor's, unchanged; "rewrite": this target's HOST:PORT; anything else: that
// value), for dev servers that check Host (Vite, webpack, Rails, Django). The visitor's name stays in
// X-Forwarded-Host either way. originIdleTimeout: how long an idle keep-alive connection to an HTTP target is kept
// for the next visitor (null: OriginPool's default; zero: none kept).
package dev.portway.agent.engine;

import java.time.Duration;

public record LocalTarget(String host, int port, String hostHeader, Duration originIdleTimeout) {
    public static final String REWRITE = "rewrite";

    public LocalTarget(String host, int port) {
        this(host, port, null, null);
    }

    public LocalTarget(String host, int port, String hostHeader) {
        this(host, port, hostHeader, null);
    }

    public LocalTarget withHostHeader(String header) {
        return new LocalTarget(host, port, header == null || header.isBlank() ? null : header.strip(),
                originIdleTimeout);
    }

    public LocalTarget withOriginIdleTimeout(Duration timeout) {
        return new LocalTarget(host, port, hostHeader, timeout);
    }

    /** How long idle connections to this target are kept: the one given, or the pool's default. */
    public Duration originIdle() {
        return originIdleTimeout == null ? OriginPool.DEFAULT_IDLE_TIMEOUT : originIdleTimeout;
    }

    /** The Host header requests must carry to this target, or null to pass the visitor's unchanged. */
    public String hostHeaderValue() {
        return hostHeader == null ? null : hostHeader.equals(REWRITE) ? address() : hostHeader;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    /** "HOST:PORT", an IPv6 host in brackets: as the hello reports it and the API shows it. */
    public String address() {
        return DialHost.withPort(host, port);
    }

    /** The target an address() names; empty for anything else (an older agent's absent one, garbage). */
    public static java.util.Optional<LocalTarget> parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            return java.util.Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port < 1 || port > 65535 || host.isBlank() ? java.util.Optional.empty()
                    : java.util.Optional.of(new LocalTarget(host, port));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}

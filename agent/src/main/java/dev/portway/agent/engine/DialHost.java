// The host a terminal command (ssh, openssl) dials for a tcp or tls socket: its name, or for a name under localhost,
// which resolves only on each machine itself, the host of the server this client talks to.
package dev.portway.agent.engine;

import java.net.URI;

public final class DialHost {
    private DialHost() {
    }

    /** dnsName when it resolves anywhere; otherwise serverUrl's host, 127.0.0.1 if that is local too. */
    public static String of(String dnsName, String serverUrl) {
        if (!underLocalhost(dnsName)) {
            return dnsName;
        }
        String server = host(serverUrl);
        // ssh and openssl ask the system resolver, which often does not resolve names under localhost.
        return server == null || underLocalhost(server) ? "127.0.0.1" : server;
    }

    /** host:port as openssl -connect takes it (an IPv6 address in brackets). */
    public static String withPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean underLocalhost(String name) {
        return name.equals("localhost") || name.endsWith(".localhost");
    }

    private static String host(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null || host.isEmpty() ? null : host.replaceAll("^\\[(.*)]$", "$1");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

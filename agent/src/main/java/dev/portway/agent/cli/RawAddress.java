// The address of a tcp or tls socket, taken from its tcp:// or tls:// URL, and a command that reaches it.
package dev.portway.agent.cli;

import java.net.URI;
import java.util.Optional;

record RawAddress(String type, String host, int port) {

    /** Empty for http and https URLs (and anything that is not a URL). */
    static Optional<RawAddress> of(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI u = URI.create(url);
            if (("tcp".equals(u.getScheme()) || "tls".equals(u.getScheme())) && u.getHost() != null
                    && u.getPort() > 0) {
                return Optional.of(new RawAddress(u.getScheme(), u.getHost(), u.getPort()));
            }
        } catch (IllegalArgumentException e) {
            // Not a URL: nothing to say about it.
        }
        return Optional.empty();
    }

    String address() {
        return host + ":" + port;
    }

    /** ssh for tcp, the seed's typical use (an ssh server at home); openssl s_client for tls. */
    String command() {
        String dial = dialHost();
        return "tls".equals(type) ? "openssl s_client -connect " + dial + ":" + port + " -servername " + host
                : "ssh -p " + port + " user@" + dial;
    }

    /** ssh and openssl ask the system resolver, which often does not resolve names under localhost. */
    private String dialHost() {
        return host.equals("localhost") || host.endsWith(".localhost") ? "127.0.0.1" : host;
    }
}

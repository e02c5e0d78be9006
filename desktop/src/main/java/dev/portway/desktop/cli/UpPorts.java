// The ports "portway up" has its server listen on, read from the flags and PORTWAY_* variables as the server reads
// them, and whether one is taken: a standalone server (or anything) holding one is named in one plain line before
// up starts its own, instead of the server's bind error.
package dev.portway.desktop.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class UpPorts {
    /** A listener's flag, its variable and the server's default port (null: none unless given). */
    record Listener(String flag, String variable, Integer defaultPort) {
    }

    /** The server's listeners, in the order it binds them; UpPortsTest holds these to the server's own defaults. */
    static final List<Listener> LISTENERS = List.of(
            new Listener("--api-port", "PORTWAY_API_PORT", 7070),
            new Listener("--http-port", "PORTWAY_HTTP_PORT", 8080),
            new Listener("--https-port", "PORTWAY_HTTPS_PORT", 8443),
            new Listener("--tunnel-port", "PORTWAY_TUNNEL_PORT", 7443),
            new Listener("--metrics-port", "PORTWAY_METRICS_PORT", null));

    private UpPorts() {
    }

    /**
     * Why the server these flags start could not listen: the first of its ports something else holds, with what
     * to do. Empty when all are free, or a flag is not a port (the server says so itself).
     */
    static Optional<String> taken(List<String> serverFlags, Map<String, String> env) {
        String bind = value(serverFlags, "--bind").orElse(UpCommand.BIND);
        for (Listener l : LISTENERS) {
            String given = value(serverFlags, l.flag()).orElse(env.get(l.variable()));
            Integer port;
            try {
                port = given != null ? Integer.valueOf(given.strip()) : l.defaultPort();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (port != null && port > 0 && port <= 65535 && !free(bind, port)) {
                return Optional.of("port " + port + " is taken (is a Portway server already running? stop it, or run "
                        + "'portway up " + l.flag() + " PORT' with a free PORT)");
            }
        }
        return Optional.empty();
    }

    /** The flag's value, "--flag VALUE" or "--flag=VALUE"; the last one given counts. */
    private static Optional<String> value(List<String> flags, String flag) {
        String found = null;
        for (int i = 0; i < flags.size(); i++) {
            String f = flags.get(i);
            if (f.equals(flag) && i + 1 < flags.size()) {
                found = flags.get(++i);
            } else if (f.startsWith(flag + "=")) {
                found = f.substring(flag.length() + 1);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Binds as the server will (address reuse on, so a port in TIME_WAIT counts as free, as it does there). */
    private static boolean free(String bind, int port) {
        InetSocketAddress at = new InetSocketAddress(bind, port);
        if (at.isUnresolved()) {
            return true;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(at);
            return true;
        } catch (IOException e) {
            // Only a holder counts: an address not of this machine, or a port below 1024, the server explains.
            return !String.valueOf(e.getMessage()).contains("already in use");
        }
    }
}

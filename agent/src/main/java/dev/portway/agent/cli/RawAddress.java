// The address of a tcp, tls or udp socket, taken from its tcp://, tls:// or udp:// URL, and a command that reaches it.
package dev.portway.agent.cli;

import dev.portway.agent.engine.TryCommand;
import dev.portway.protocol.api.SocketType;
import java.net.URI;
import java.util.List;
import java.util.Optional;

record RawAddress(String type, String host, int port) {

    /** Empty for http and https URLs (and anything that is not a URL). */
    static Optional<RawAddress> of(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI u = URI.create(url);
            if (SocketType.isRaw(u.getScheme()) && u.getHost() != null && u.getPort() > 0) {
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

    /**
     * A command to try it with (see TryCommand). server: the API URL the command talks to, whose host a name under
     * localhost stands for; localPort: the port the tunnel exposes (22: ssh; 53: dig).
     */
    String command(String server, int localPort) {
        return TryCommand.of(type, host, port, server, List.of(localPort));
    }
}

// What every front door of the edge shares: the sockets it serves, stream opening, visitor sign-in, public ports.
package dev.portway.server.edge;

import dev.portway.server.config.EdgeLimits;
import dev.portway.server.access.BasicAuth;
import dev.portway.server.security.FailureLimiter;

public record Edge(SocketCatalog catalog, VisitorStreams streams, BasicAuth basicAuth, int httpsPort,
                   EdgeLimits limits, ConnectionCap cap, FailureLimiter unknownNames,
                   FailureLimiter wrongPasswords, VisitorSignIn signIn) {

    /** Where an https socket's plain-HTTP visitors are sent: the same host and target on the HTTPS port. */
    String httpsUrl(String host, String target) {
        String name = Hosts.routingName(host);
        return "https://" + name + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
    }
}

// What an agent needs to know about a server before it opens a tunnel link.
package dev.portway.protocol.api;

import java.util.List;

/**
 * oidcIssuer: the identity provider visitors of e-mail sockets sign in with, null when the server has none.
 * tunnelNodes: with several nodes on one store, every live node's tunnel port as "HOST:PORT" (all with the same
 * certificate), for an agent to move to the next when one is unreachable; null for a single server.
 */
public record ServerInfo(
        String version,
        int linkProtocol,
        String domain,
        int tunnelPort,
        String tunnelFingerprint,
        int httpPort,
        int httpsPort,
        boolean signup,
        List<String> tunnelNodes,
        String oidcIssuer) {

    public ServerInfo(String version, int linkProtocol, String domain, int tunnelPort, String tunnelFingerprint,
                      int httpPort, int httpsPort, boolean signup) {
        this(version, linkProtocol, domain, tunnelPort, tunnelFingerprint, httpPort, httpsPort, signup, null, null);
    }

    /** The same server with sign-up as it stands now (an admin may switch it while the server runs). */
    public ServerInfo withSignup(boolean open) {
        return new ServerInfo(version, linkProtocol, domain, tunnelPort, tunnelFingerprint, httpPort, httpsPort, open,
                tunnelNodes, oidcIssuer);
    }

    /** The same server, whose visitors of e-mail sockets sign in with this provider (null: none). */
    public ServerInfo withOidcIssuer(String issuer) {
        return new ServerInfo(version, linkProtocol, domain, tunnelPort, tunnelFingerprint, httpPort, httpsPort,
                signup, tunnelNodes, issuer);
    }

    /** The same server with the cluster's nodes as they stand now. */
    public ServerInfo withTunnelNodes(List<String> nodes) {
        return new ServerInfo(version, linkProtocol, domain, tunnelPort, tunnelFingerprint, httpPort, httpsPort,
                signup, nodes, oidcIssuer);
    }
}

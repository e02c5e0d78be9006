// What an agent needs to know about a server before it opens a tunnel link.
package dev.portway.protocol.api;

public record ServerInfo(
        String version,
        int linkProtocol,
        String domain,
        int tunnelPort,
        String tunnelFingerprint,
        int httpPort,
        int httpsPort,
        boolean signup) {

    /** The same server with sign-up as it stands now (an admin may switch it while the server runs). */
    public ServerInfo withSignup(boolean open) {
        return new ServerInfo(version, linkProtocol, domain, tunnelPort, tunnelFingerprint, httpPort, httpsPort, open);
    }
}

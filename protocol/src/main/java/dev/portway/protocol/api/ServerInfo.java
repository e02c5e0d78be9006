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
}

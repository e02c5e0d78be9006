// The server's settings, from flags or PORTWAY_* environment variables.
package dev.portway.server;

import java.nio.file.Path;
import java.time.Duration;

public record ServerConfig(
        Path dataDir,
        String domain,
        String bind,
        int apiPort,
        int httpPort,
        int httpsPort,
        int tunnelPort,
        String tcpPorts,
        boolean signup,
        Duration heartbeat,
        Duration deadAfter) {

    /** The public URL of an HTTP socket with this name. */
    public String socketUrl(String dnsName) {
        return httpPort == 80 ? "http://" + dnsName + "/" : "http://" + dnsName + ":" + httpPort + "/";
    }

    public ServerConfig withPorts(int api, int http, int https, int tunnel) {
        return new ServerConfig(dataDir, domain, bind, api, http, https, tunnel, tcpPorts, signup, heartbeat,
                deadAfter);
    }
}

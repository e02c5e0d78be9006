// A socket (public endpoint) with its tunnels, as the API shows it.
package dev.portway.protocol.api;

import java.util.List;

public record SocketInfo(
        String socketId,
        String name,
        String dnsName,
        String socketType,
        String url,
        String createdAt,
        List<TunnelInfo> tunnels) {
}

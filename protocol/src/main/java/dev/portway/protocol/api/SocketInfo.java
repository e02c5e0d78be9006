// A socket (public endpoint) with its tunnels and visitor access settings, as the API shows it.
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record SocketInfo(
        String socketId,
        String name,
        String dnsName,
        String socketType,
        String url,
        /* The dedicated port of a tcp or tls socket; null for http and https. */
        Integer tcpPort,
        /* DNS_NAME:PORT for tcp and tls sockets. */
        String address,
        @JsonProperty("protected") boolean isProtected,
        String username,
        /* CIDR blocks visitors must come from; empty means any address. */
        List<String> allowIps,
        String createdAt,
        List<TunnelInfo> tunnels,
        /* The owner's own domains routed to this socket (http, https and tls sockets). */
        List<CustomDomainInfo> customDomains,
        /* The certificate the HTTPS edge serves for dns_name (its own, or the wildcard); null for tcp sockets. */
        CertificateInfo certificate) {

    public SocketInfo {
        allowIps = allowIps == null ? List.of() : List.copyOf(allowIps);
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        customDomains = customDomains == null ? List.of() : List.copyOf(customDomains);
    }

    public SocketInfo(String socketId, String name, String dnsName, String socketType, String url, Integer tcpPort,
                      String address, boolean isProtected, String username, List<String> allowIps, String createdAt,
                      List<TunnelInfo> tunnels) {
        this(socketId, name, dnsName, socketType, url, tcpPort, address, isProtected, username, allowIps, createdAt,
                tunnels, List.of(), null);
    }

    /** Derived from socket_type, so not a field of the API object. */
    @JsonIgnore
    public boolean isRaw() {
        return SocketType.isRaw(socketType);
    }
}

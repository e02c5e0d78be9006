// A socket (public endpoint) with its tunnels and visitor access settings, as the API shows it.
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"socket_id", "name", "dns_name", "socket_type", "url", "tcp_port", "udp_port", "address"})
public record SocketInfo(
        String socketId,
        String name,
        String dnsName,
        String socketType,
        String url,
        /* The dedicated port of a tcp or tls socket; null for http and https. */
        Integer tcpPort,
        /* DNS_NAME:PORT for tcp, tls and udp sockets. */
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
        CertificateInfo certificate,
        /* Visitors must sign in with the server's identity provider as one of these addresses ... */
        List<String> allowedEmails,
        /* ... or as any address at one of these domains; both empty: no e-mail sign-in. */
        List<String> allowedEmailDomains,
        /* The dedicated UDP port of a udp socket (--udp-ports); null for every other type. */
        Integer udpPort) {

    public SocketInfo {
        allowIps = allowIps == null ? List.of() : List.copyOf(allowIps);
        allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
        allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        customDomains = customDomains == null ? List.of() : List.copyOf(customDomains);
    }

    public SocketInfo(String socketId, String name, String dnsName, String socketType, String url, Integer tcpPort,
                      String address, boolean isProtected, String username, List<String> allowIps, String createdAt,
                      List<TunnelInfo> tunnels) {
        this(socketId, name, dnsName, socketType, url, tcpPort, address, isProtected, username, allowIps, createdAt,
                tunnels, List.of(), null);
    }

    public SocketInfo(String socketId, String name, String dnsName, String socketType, String url, Integer tcpPort,
                      String address, boolean isProtected, String username, List<String> allowIps, String createdAt,
                      List<TunnelInfo> tunnels, List<CustomDomainInfo> customDomains, CertificateInfo certificate) {
        this(socketId, name, dnsName, socketType, url, tcpPort, address, isProtected, username, allowIps, createdAt,
                tunnels, customDomains, certificate, List.of(), List.of());
    }

    public SocketInfo(String socketId, String name, String dnsName, String socketType, String url, Integer tcpPort,
                      String address, boolean isProtected, String username, List<String> allowIps, String createdAt,
                      List<TunnelInfo> tunnels, List<CustomDomainInfo> customDomains, CertificateInfo certificate,
                      List<String> allowedEmails, List<String> allowedEmailDomains) {
        this(socketId, name, dnsName, socketType, url, tcpPort, address, isProtected, username, allowIps, createdAt,
                tunnels, customDomains, certificate, allowedEmails, allowedEmailDomains, null);
    }

    /** Visitors sign in with the identity provider (allowed_emails or allowed_email_domains set). */
    @JsonIgnore
    public boolean signInByEmail() {
        return !allowedEmails.isEmpty() || !allowedEmailDomains.isEmpty();
    }

    /** Derived from socket_type, so not a field of the API object. */
    @JsonIgnore
    public boolean isRaw() {
        return SocketType.isRaw(socketType);
    }
}

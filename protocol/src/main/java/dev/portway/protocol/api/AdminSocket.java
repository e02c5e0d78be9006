// A socket of any user as the admin API lists it: its owner, who may visit it (a password, or e-mail sign-in for the
// addresses and domains listed) and its tunnels (with their live status).
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record AdminSocket(
        String socketId,
        String ownerId,
        String ownerEmail,
        String name,
        String dnsName,
        String socketType,
        String url,
        /* The dedicated TCP port of a tcp or tls socket; null for the other types. */
        Integer tcpPort,
        /* The dedicated UDP port of a udp socket (--udp-ports); null for the other types. */
        Integer udpPort,
        @JsonProperty("protected") boolean isProtected,
        String createdAt,
        List<TunnelInfo> tunnels,
        List<String> allowedEmails,
        List<String> allowedEmailDomains) {

    public AdminSocket {
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
        allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
    }
}

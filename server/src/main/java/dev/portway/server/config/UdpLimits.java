// How long a udp socket's flow lives without datagrams and how many flows the edge keeps, so that no visitor (or
// spoofed source) can fill the edge with flows.
package dev.portway.server.config;

import java.time.Duration;

public record UdpLimits(
        /* A flow with no datagram either way for this long ends (--udp-idle-timeout). */
        Duration idleTimeout,
        /* Flows at once on one udp socket (--udp-max-flows-per-socket). */
        int maxFlowsPerSocket,
        /* Flows at once from one visitor address (an IPv6 one's /64), over every udp socket
           (--udp-max-flows-per-address). */
        int maxFlowsPerAddress) {

    public static final UdpLimits DEFAULTS = new UdpLimits(Duration.ofSeconds(60), 1000, 100);
}

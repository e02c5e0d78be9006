// The server as its admin sees it: version, uptime, listeners, sign-up, the TCP and UDP port ranges, what runs on
// it, and the udp traffic this node relayed.
package dev.portway.protocol.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record AdminServer(
        String version,
        String startedAt,
        long uptimeSeconds,
        String domain,
        List<Listener> listeners,
        boolean signup,
        PortRange tcpPorts,
        List<Integer> tcpPortsInUse,
        int users,
        int sockets,
        int agentsOnline,
        PortRange udpPorts,
        List<Integer> udpPortsInUse,
        UdpTraffic udp) {

    public AdminServer {
        listeners = List.copyOf(listeners);
        tcpPortsInUse = List.copyOf(tcpPortsInUse);
        udpPortsInUse = udpPortsInUse == null ? List.of() : List.copyOf(udpPortsInUse);
    }

    /** name: api, http, https or tunnel; tls: whether the port speaks TLS. */
    public record Listener(String name, String host, int port, boolean tls) {
    }

    /**
     * The udp sockets' flows and datagrams on the node that answers, since it started (its portway_udp_* metrics);
     * dropped: by reason, every reason listed.
     */
    public record UdpTraffic(long flowsOpen, long flowsOpened, long datagramsIn, long datagramsOut, long bytesIn,
                             long bytesOut, Map<String, Long> dropped) {
        public UdpTraffic {
            dropped = dropped == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
        }
    }

    /** First and last port, both included. */
    public record PortRange(int first, int last) {
    }
}

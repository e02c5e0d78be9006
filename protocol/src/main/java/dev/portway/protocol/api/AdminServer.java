// The server as its admin sees it: version, uptime, listeners, sign-up, the TCP and UDP port ranges and what runs on
// it.
package dev.portway.protocol.api;

import java.util.List;

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
        List<Integer> udpPortsInUse) {

    public AdminServer {
        listeners = List.copyOf(listeners);
        tcpPortsInUse = List.copyOf(tcpPortsInUse);
        udpPortsInUse = udpPortsInUse == null ? List.of() : List.copyOf(udpPortsInUse);
    }

    /** name: api, http, https or tunnel; tls: whether the port speaks TLS. */
    public record Listener(String name, String host, int port, boolean tls) {
    }

    /** First and last port, both included. */
    public record PortRange(int first, int last) {
    }
}

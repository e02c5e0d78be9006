// Why the edge dropped a datagram of a udp socket: the reason label of portway_udp_dropped_total.
package dev.portway.server.metrics;

public enum UdpDrop {
    /** No tunnel of the socket is online (or none could open a stream for the flow). */
    NO_TUNNEL("no_tunnel"),
    /** The visitor's address is not on the socket's allow list. */
    NOT_ALLOWED("not_allowed"),
    /** The socket has as many flows open as --udp-max-flows-per-socket allows, each answered by its service. */
    FLOWS_PER_SOCKET("flows_per_socket"),
    /** The visitor's address (an IPv6 one's /64) has as many flows open as --udp-max-flows-per-address allows. */
    FLOWS_PER_ADDRESS("flows_per_address"),
    /** Toward the agent: the flow's queue was full (its stream opening, or the link not keeping up). */
    QUEUE_FULL("queue_full"),
    /** Toward the visitor: the UDP port's send buffer was full. */
    REPLY_QUEUE_FULL("reply_queue_full"),
    /** Toward the agent: longer than a flow carries (65,507 bytes, the IPv4 limit); IPv6 payloads go to 65,527. */
    TOO_LARGE("too_large");

    private final String label;

    UdpDrop(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

// First message on a tunnel link, agent to edge: who I am and the tunnel credential that proves it.
package dev.portway.protocol.link;

/**
 * agent: the program and its version; host: the agent machine's name, shown to the tunnel's owner (may be null).
 * kind: null for an agent; {@link #KIND_NODE} for another server node of the same store, whose credential is the
 * cluster key and which opens streams toward this edge instead of answering them. localTarget: where the agent
 * relays the tunnel's visitors, "HOST:PORT" ("[::1]:PORT" for IPv6), shown to the tunnel's owner so another app of
 * theirs can take the tunnel over with the same port; older agents send none (null). features: what the agent can
 * carry beyond http and tcp streams, e.g. {@link #FEATURE_UDP}; older agents send none (null), and the edge refuses
 * them a tunnel of a udp socket instead of sending them streams they would take for TCP.
 */
public record Hello(int version, String tunnelId, String credential, String agent, String host, String kind,
                    String localTarget, java.util.List<String> features) implements LinkMessage {
    public static final String KIND_NODE = "node";
    /** The agent answers udp streams (flows of a udp socket). */
    public static final String FEATURE_UDP = "udp";

    public Hello(int version, String tunnelId, String credential, String agent, String host) {
        this(version, tunnelId, credential, agent, host, null, null, null);
    }

    public Hello(int version, String tunnelId, String credential, String agent, String host, String kind) {
        this(version, tunnelId, credential, agent, host, kind, null, null);
    }

    public Hello(int version, String tunnelId, String credential, String agent, String host, String kind,
                 String localTarget) {
        this(version, tunnelId, credential, agent, host, kind, localTarget, null);
    }

    public boolean fromNode() {
        return KIND_NODE.equals(kind);
    }

    public boolean carriesUdp() {
        return features != null && features.contains(FEATURE_UDP);
    }
}

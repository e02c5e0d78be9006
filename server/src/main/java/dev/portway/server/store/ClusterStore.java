// What the nodes of a cluster share in the store: their rows, the tunnel leases, the cluster key and the signals
// one node leaves for the others. The cluster code sees only this; ClusterTables keeps it in SQL.
package dev.portway.server.store;

import java.util.List;

public interface ClusterStore {
    /** A running node: where its tunnel port is and its certificate's SHA-256 fingerprint. */
    record Node(String nodeId, String address, int tunnelPort, String fingerprint) {
    }

    /**
     * Which node holds a tunnel's link, until when (epoch ms) unless renewed; with the agent's machine name and
     * address and when it connected (ISO-8601), for every node's API to show the tunnel online.
     */
    record Lease(String tunnelId, String socketId, String dnsName, String nodeId, String nodeAddress,
                        String agentHost, String agentAddress, String connectedSince, long expiresAt) {
    }

    /** What a node did to links: KICK_TUNNEL (a tunnel id) or DROP_OWNER (a user id). */
    record Signal(long id, String nodeId, String kind, String subject) {
        public static final String KICK_TUNNEL = "kick_tunnel";
        public static final String DROP_OWNER = "drop_owner";
    }

    /** The node is alive until expiresAt (epoch ms) unless it beats again; its address and port are updated. */
    void heartbeat(Node node, long expiresAt);

    /** The node stopped: it is no longer offered to agents, and its leases end with it. */
    void removeNode(String nodeId);

    /** Nodes whose heartbeat has not expired at now, oldest id first (a stable order for agents). */
    List<Node> liveNodes(long now);

    /** Takes the tunnel's lease (from whichever node had it: its link moved here) or renews it. */
    void putLease(Lease lease);

    /** The link ended here; a lease another node took over in the meantime stays. */
    void removeLease(String tunnelId, String nodeId);

    /** Leases not expired at now (epoch ms). */
    List<Lease> liveLeases(long now);

    /** The cluster's shared secret: written once by the first node that asks (random 256 bits), read by all. */
    String clusterKey();

    /** nodeId: the node that did it (it has done it already). */
    void addSignal(String nodeId, String kind, String subject, long now);

    /** Signals after the id, in order. */
    List<Signal> signalsAfter(long id);

    /** The newest signal's id (0 when none): a starting node acts only on what comes after it. */
    long lastSignalId();

    /** Forgets signals older than before (epoch ms): every live node has read them long ago. */
    void pruneSignals(long before);
}

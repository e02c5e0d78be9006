// The tables that let several nodes on one PostgreSQL store act as one: nodes, tunnel leases, the cluster key and
// the signals one node leaves for the others (migration V5).
package dev.portway.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

public final class ClusterTables {
    private final Sql sql;

    ClusterTables(Sql sql) {
        this.sql = sql;
    }

    /** A running node: where its tunnel port is and its certificate's SHA-256 fingerprint. */
    public record Node(String nodeId, String address, int tunnelPort, String fingerprint) {
    }

    /**
     * Which node holds a tunnel's link, until when (epoch ms) unless renewed; with the agent's machine name and
     * address and when it connected (ISO-8601), for every node's API to show the tunnel online.
     */
    public record Lease(String tunnelId, String socketId, String dnsName, String nodeId, String nodeAddress,
                        String agentHost, String agentAddress, String connectedSince, long expiresAt) {
    }

    /** What a node did to links: KICK_TUNNEL (a tunnel id) or DROP_OWNER (a user id). */
    public record Signal(long id, String nodeId, String kind, String subject) {
        public static final String KICK_TUNNEL = "kick_tunnel";
        public static final String DROP_OWNER = "drop_owner";
    }

    public void heartbeat(Node node, long expiresAt) {
        sql.update("INSERT INTO cluster_nodes (node_id, address, tunnel_port, fingerprint, expires_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET address = excluded.address,"
                + " tunnel_port = excluded.tunnel_port, fingerprint = excluded.fingerprint,"
                + " expires_at = excluded.expires_at", node.nodeId(), node.address(), node.tunnelPort(),
                node.fingerprint(), expiresAt);
    }

    /** The node stopped: it is no longer offered to agents, and its leases end with it. */
    public void removeNode(String nodeId) {
        sql.update("DELETE FROM tunnel_leases WHERE node_id = ?", nodeId);
        sql.update("DELETE FROM cluster_nodes WHERE node_id = ?", nodeId);
    }

    /** Nodes whose heartbeat has not expired at now, oldest id first (a stable order for agents). */
    public List<Node> liveNodes(long now) {
        return sql.many("SELECT * FROM cluster_nodes WHERE expires_at > ? ORDER BY node_id",
                rs -> new Node(rs.getString("node_id"), rs.getString("address"), rs.getInt("tunnel_port"),
                        rs.getString("fingerprint")), now);
    }

    /** Takes the tunnel's lease (from whichever node had it: its link moved here) or renews it. */
    public void putLease(Lease l) {
        sql.update("INSERT INTO tunnel_leases (tunnel_id, socket_id, dns_name, node_id, node_address, agent_host,"
                + " agent_address, connected_since, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tunnel_id) DO UPDATE SET socket_id = excluded.socket_id,"
                + " dns_name = excluded.dns_name, node_id = excluded.node_id, node_address = excluded.node_address,"
                + " agent_host = excluded.agent_host, agent_address = excluded.agent_address,"
                + " connected_since = excluded.connected_since, expires_at = excluded.expires_at",
                l.tunnelId(), l.socketId(), l.dnsName(), l.nodeId(), l.nodeAddress(), l.agentHost(),
                l.agentAddress(), l.connectedSince(), l.expiresAt());
    }

    /** The link ended here; a lease another node took over in the meantime stays. */
    public void removeLease(String tunnelId, String nodeId) {
        sql.update("DELETE FROM tunnel_leases WHERE tunnel_id = ? AND node_id = ?", tunnelId, nodeId);
    }

    public List<Lease> liveLeases(long now) {
        return sql.many("SELECT * FROM tunnel_leases WHERE expires_at > ?",
                rs -> new Lease(rs.getString("tunnel_id"), rs.getString("socket_id"), rs.getString("dns_name"),
                        rs.getString("node_id"), rs.getString("node_address"), rs.getString("agent_host"),
                        rs.getString("agent_address"), rs.getString("connected_since"), rs.getLong("expires_at")),
                now);
    }

    /** The cluster's shared secret: written once by the first node that asks (random 256 bits), read by all. */
    public String clusterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        sql.update("INSERT INTO cluster_settings (name, value) VALUES ('cluster_key', ?) ON CONFLICT (name) DO NOTHING",
                HexFormat.of().formatHex(key));
        return sql.many("SELECT value FROM cluster_settings WHERE name = 'cluster_key'", rs -> rs.getString(1))
                .get(0);
    }

    /** nodeId: the node that did it (it has done it already). */
    public void addSignal(String nodeId, String kind, String subject, long now) {
        sql.update("INSERT INTO cluster_signals (node_id, kind, subject, created_at) VALUES (?, ?, ?, ?)", nodeId, kind,
                subject, now);
    }

    /** Signals after the id, in order. */
    public List<Signal> signalsAfter(long id) {
        return sql.many("SELECT id, node_id, kind, subject FROM cluster_signals WHERE id > ? ORDER BY id",
                rs -> new Signal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
    }

    /** The newest signal's id (0 when none): a starting node acts only on what comes after it. */
    public long lastSignalId() {
        return sql.many("SELECT COALESCE(MAX(id), 0) FROM cluster_signals", rs -> rs.getLong(1)).get(0);
    }

    /** Forgets signals older than before (epoch ms): every live node has read them long ago. */
    public void pruneSignals(long before) {
        sql.update("DELETE FROM cluster_signals WHERE created_at < ?", before);
    }
}

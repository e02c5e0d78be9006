// The tables that let several nodes on one PostgreSQL store act as one: nodes, tunnel leases, the cluster key and
// the signals one node leaves for the others (migration V5), in SQL.
package dev.portway.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

public final class ClusterTables implements ClusterStore {
    private final Sql sql;

    ClusterTables(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void heartbeat(Node node, long expiresAt) {
        sql.update("INSERT INTO cluster_nodes (node_id, address, tunnel_port, fingerprint, expires_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET address = excluded.address,"
                + " tunnel_port = excluded.tunnel_port, fingerprint = excluded.fingerprint,"
                + " expires_at = excluded.expires_at", node.nodeId(), node.address(), node.tunnelPort(),
                node.fingerprint(), expiresAt);
    }

    @Override
    public void removeNode(String nodeId) {
        sql.update("DELETE FROM tunnel_leases WHERE node_id = ?", nodeId);
        sql.update("DELETE FROM cluster_nodes WHERE node_id = ?", nodeId);
    }

    @Override
    public List<Node> liveNodes(long now) {
        return sql.many("SELECT * FROM cluster_nodes WHERE expires_at > ? ORDER BY node_id",
                rs -> new Node(rs.getString("node_id"), rs.getString("address"), rs.getInt("tunnel_port"),
                        rs.getString("fingerprint")), now);
    }

    @Override
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

    @Override
    public void removeLease(String tunnelId, String nodeId) {
        sql.update("DELETE FROM tunnel_leases WHERE tunnel_id = ? AND node_id = ?", tunnelId, nodeId);
    }

    @Override
    public List<Lease> liveLeases(long now) {
        return sql.many("SELECT * FROM tunnel_leases WHERE expires_at > ?",
                rs -> new Lease(rs.getString("tunnel_id"), rs.getString("socket_id"), rs.getString("dns_name"),
                        rs.getString("node_id"), rs.getString("node_address"), rs.getString("agent_host"),
                        rs.getString("agent_address"), rs.getString("connected_since"), rs.getLong("expires_at")),
                now);
    }

    @Override
    public String clusterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        sql.update("INSERT INTO cluster_settings (name, value) VALUES ('cluster_key', ?) ON CONFLICT (name) DO NOTHING",
                HexFormat.of().formatHex(key));
        return sql.many("SELECT value FROM cluster_settings WHERE name = 'cluster_key'", rs -> rs.getString(1))
                .get(0);
    }

    @Override
    public void addSignal(String nodeId, String kind, String subject, long now) {
        sql.update("INSERT INTO cluster_signals (node_id, kind, subject, created_at) VALUES (?, ?, ?, ?)", nodeId, kind,
                subject, now);
    }

    @Override
    public List<Signal> signalsAfter(long id) {
        return sql.many("SELECT id, node_id, kind, subject FROM cluster_signals WHERE id > ? ORDER BY id",
                rs -> new Signal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
    }

    @Override
    public long lastSignalId() {
        return sql.many("SELECT COALESCE(MAX(id), 0) FROM cluster_signals", rs -> rs.getLong(1)).get(0);
    }

    @Override
    public void pruneSignals(long before) {
        sql.update("DELETE FROM cluster_signals WHERE created_at < ?", before);
    }
}

// The tunnels of each socket (migration V1): its agents' credentials and traffic counters, within the socket's limit.
package dev.portway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class TunnelTables {
    private final Sql sql;

    TunnelTables(Sql sql) {
        this.sql = sql;
    }

    /** As sockets are created: the socket's row is held while its tunnels are counted and the new one inserted. */
    boolean create(TunnelRecord t, int max) {
        return sql.inTransaction(tx -> {
            if (!tx.lock("UPDATE sockets SET name = name WHERE id = ?", t.socketId())) {
                throw new SQLException("no socket " + t.socketId());
            }
            if (tx.count("SELECT COUNT(*) FROM tunnels WHERE socket_id = ?", t.socketId()) >= max) {
                return false;
            }
            tx.update("INSERT INTO tunnels (id, socket_id, credential_hash, bytes_in, bytes_out, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.socketId(), t.credentialHash(), t.bytesIn(),
                    t.bytesOut(), t.createdAt());
            return true;
        });
    }

    List<TunnelRecord> ofSocket(String socketId) {
        return sql.many("SELECT * FROM tunnels WHERE socket_id = ? ORDER BY created_at, id", TunnelTables::tunnel,
                socketId);
    }

    Optional<TunnelRecord> byId(String id) {
        return sql.one("SELECT * FROM tunnels WHERE id = ?", TunnelTables::tunnel, id);
    }

    boolean delete(String id) {
        return sql.update("DELETE FROM tunnels WHERE id = ?", id) > 0;
    }

    void setCredential(String tunnelId, String credentialHash) {
        sql.update("UPDATE tunnels SET credential_hash = ? WHERE id = ?", credentialHash, tunnelId);
    }

    void addTraffic(String tunnelId, long bytesIn, long bytesOut) {
        sql.update("UPDATE tunnels SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ? WHERE id = ?",
                bytesIn, bytesOut, tunnelId);
    }

    private static TunnelRecord tunnel(ResultSet rs) throws SQLException {
        return new TunnelRecord(rs.getString("id"), rs.getString("socket_id"), rs.getString("credential_hash"),
                rs.getLong("bytes_in"), rs.getLong("bytes_out"), rs.getString("created_at"));
    }
}

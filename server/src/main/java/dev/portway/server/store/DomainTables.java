// The sockets' custom domains (migration V7): claims, their rounds of DNS checks, and the verified claim that makes a
// name one socket's, server-wide.
package dev.portway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class DomainTables {
    private final Sql sql;

    DomainTables(Sql sql) {
        this.sql = sql;
    }

    List<CustomDomainRecord> ofSocket(String socketId) {
        return sql.many("SELECT * FROM custom_domains WHERE socket_id = ? ORDER BY name", DomainTables::domain,
                socketId);
    }

    Optional<CustomDomainRecord> verified(String name) {
        return sql.one("SELECT * FROM custom_domains WHERE name = ? AND status = 'verified'", DomainTables::domain,
                name);
    }

    List<CustomDomainRecord> claims(String name) {
        return sql.many("SELECT * FROM custom_domains WHERE name = ? ORDER BY socket_id", DomainTables::domain, name);
    }

    /** As sockets are created: the owner's row is held while their domains are counted and changed. */
    Store.DomainsUpdate replace(String socketId, List<CustomDomainRecord> wanted, int maxPerUser) {
        return sql.inTransaction(tx -> {
            Optional<String> owner = tx.one("SELECT owner_id FROM sockets WHERE id = ?", rs -> rs.getString(1),
                    socketId);
            if (owner.isEmpty() || !UserTables.lockOwner(tx, owner.get())) {
                return Store.DomainsUpdate.NO_SOCKET;
            }
            String ofOwner = "SELECT COUNT(*) FROM custom_domains d JOIN sockets s ON s.id = d.socket_id"
                    + " WHERE s.owner_id = ?";
            int before = tx.count(ofOwner, owner.get());
            int after = tx.count(ofOwner + " AND d.socket_id <> ?", owner.get(), socketId) + wanted.size();
            if (after > maxPerUser && after > before) {
                return Store.DomainsUpdate.OVER_QUOTA;
            }
            List<String> names = wanted.stream().map(CustomDomainRecord::name).toList();
            String held = "SELECT name FROM custom_domains WHERE socket_id = ?";
            for (String name : tx.many(held, rs -> rs.getString(1), socketId)) {
                if (!names.contains(name)) {
                    tx.update("DELETE FROM custom_domains WHERE socket_id = ? AND name = ?", socketId, name);
                }
            }
            List<String> kept = tx.many(held, rs -> rs.getString(1), socketId);
            for (CustomDomainRecord d : wanted) {
                if (kept.contains(d.name())) {
                    continue;
                }
                // A claim blocks nobody until it is verified: then the name is that socket's.
                boolean taken = tx.count("SELECT COUNT(*) FROM custom_domains WHERE name = ? AND status = 'verified'"
                        + " AND socket_id <> ?", d.name(), socketId) > 0;
                if (taken || !tx.insertUnique("INSERT INTO custom_domains (name, socket_id, txt_value, status,"
                        + " check_since, next_check_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", d.name(),
                        socketId, d.txtValue(), d.status(), d.checkSince(), d.nextCheckAt(), d.createdAt())) {
                    tx.rollback(); // nothing of this update stays
                    return Store.DomainsUpdate.NAME_TAKEN;
                }
            }
            return Store.DomainsUpdate.UPDATED;
        });
    }

    int restartChecks(String socketId, long now, long roundsFrom) {
        return sql.update("UPDATE custom_domains SET status = 'pending', check_since = ?, next_check_at = ?"
                + " WHERE socket_id = ? AND status IN ('pending', 'failed') AND check_since <= ? AND NOT EXISTS"
                + " (SELECT 1 FROM custom_domains v WHERE v.name = custom_domains.name AND v.status = 'verified')",
                now, now, socketId, roundsFrom);
    }

    List<CustomDomainRecord> due(long now, int limit) {
        return sql.many("SELECT * FROM custom_domains WHERE status = 'pending' AND next_check_at <= ?"
                + " ORDER BY next_check_at, name LIMIT ?", DomainTables::domain, now, limit);
    }

    boolean claimCheck(String name, String socketId, long expectedNextCheckAt, long nextCheckAt) {
        return sql.update("UPDATE custom_domains SET next_check_at = ? WHERE name = ? AND socket_id = ?"
                + " AND status = 'pending' AND next_check_at = ?", nextCheckAt, name, socketId,
                expectedNextCheckAt) > 0;
    }

    boolean settle(String name, String socketId, long checkSince, String status) {
        String settle = "UPDATE custom_domains SET status = ? WHERE name = ? AND socket_id = ? AND check_since = ?"
                + " AND status = 'pending'";
        if (!status.equals("verified")) {
            return sql.update(settle, status, name, socketId, checkSince) > 0;
        }
        try {
            return sql.inTransaction(tx -> {
                if (tx.update(settle, status, name, socketId, checkSince) == 0) {
                    return false;
                }
                tx.update("UPDATE custom_domains SET status = 'failed' WHERE name = ? AND socket_id <> ?", name,
                        socketId);
                return true;
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException cause && sql.dialect().uniqueViolation(cause))) {
                throw e;
            }
            // The partial unique index: another socket's claim was verified first (on this node or another).
            sql.update(settle, "failed", name, socketId, checkSince);
            return false;
        }
    }

    private static CustomDomainRecord domain(ResultSet rs) throws SQLException {
        return new CustomDomainRecord(rs.getString("name"), rs.getString("socket_id"), rs.getString("txt_value"),
                rs.getString("status"), rs.getLong("check_since"), rs.getLong("next_check_at"),
                rs.getString("created_at"));
    }
}

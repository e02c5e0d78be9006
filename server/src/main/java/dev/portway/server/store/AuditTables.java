// The audit log (migration V3): appended to, numbered by the database, paged newest first.
package dev.portway.server.store;

import java.util.List;

final class AuditTables {
    private static final Sql.RowMapper<AuditRecord> ROW = rs -> new AuditRecord(rs.getLong("id"), rs.getString("at"),
            rs.getString("actor_id"), rs.getString("actor_email"), rs.getString("action"), rs.getString("target"),
            rs.getString("detail"), rs.getString("remote_address"));

    private final Sql sql;

    AuditTables(Sql sql) {
        this.sql = sql;
    }

    /** INSERT ... RETURNING: both databases hand back the id they numbered in the same statement. */
    AuditRecord add(AuditRecord e) {
        long id = sql.one("INSERT INTO audit_log (at, actor_id, actor_email, action, target, detail, remote_address)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1), e.at(), e.actorId(),
                e.actorEmail(), e.action(), e.target(), e.detail(), e.remoteAddress()).orElseThrow();
        return new AuditRecord(id, e.at(), e.actorId(), e.actorEmail(), e.action(), e.target(), e.detail(),
                e.remoteAddress());
    }

    List<AuditRecord> page(Long before, int limit) {
        return before == null
                ? sql.many("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", ROW, limit)
                : sql.many("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?", ROW, before, limit);
    }
}

// The certificates the HTTPS edge serves (migration V8), shared by every node; the ACME engine's own tables are
// AcmeTables.
package dev.portway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class CertificateTables {
    private static final String INSERT = "INSERT INTO certificates (name, chain_pem, key_pem, issuer, not_before,"
            + " not_after, last_error, next_attempt_at, renew_requested, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Sql sql;

    CertificateTables(Sql sql) {
        this.sql = sql;
    }

    void save(CertificateRecord c) {
        sql.update(INSERT + " ON CONFLICT (name) DO UPDATE SET chain_pem = excluded.chain_pem,"
                + " key_pem = excluded.key_pem, issuer = excluded.issuer, not_before = excluded.not_before,"
                + " not_after = excluded.not_after, last_error = excluded.last_error,"
                + " next_attempt_at = excluded.next_attempt_at, renew_requested = excluded.renew_requested,"
                + " updated_at = excluded.updated_at", columns(c));
    }

    boolean add(CertificateRecord c) {
        return sql.update(INSERT + " ON CONFLICT (name) DO NOTHING", columns(c)) > 0;
    }

    Optional<CertificateRecord> byName(String name) {
        return sql.one("SELECT * FROM certificates WHERE name = ?", CertificateTables::certificate, name);
    }

    List<CertificateRecord> all() {
        return sql.many("SELECT * FROM certificates ORDER BY name", CertificateTables::certificate);
    }

    boolean delete(String name) {
        return sql.update("DELETE FROM certificates WHERE name = ?", name) > 0;
    }

    /** updated_at changes too, so that nodes polling the stamps see the request. */
    boolean requestRenewal(String name) {
        return sql.update("UPDATE certificates SET renew_requested = 1, next_attempt_at = NULL, updated_at = ?"
                + " WHERE name = ?", Instant.now().toString(), name) > 0;
    }

    private static Object[] columns(CertificateRecord c) {
        return new Object[]{c.name(), c.chainPem(), c.keyPem(), c.issuer(), c.notBefore(), c.notAfter(),
                c.lastError(), c.nextAttemptAt(), c.renewRequested() ? 1 : 0, c.updatedAt()};
    }

    private static CertificateRecord certificate(ResultSet rs) throws SQLException {
        return new CertificateRecord(rs.getString("name"), rs.getString("chain_pem"), rs.getString("key_pem"),
                rs.getString("issuer"), rs.getString("not_before"), rs.getString("not_after"),
                rs.getString("last_error"), rs.getString("next_attempt_at"), rs.getInt("renew_requested") != 0,
                rs.getString("updated_at"));
    }
}

// The tables of visitor sign-in (migration V10), shared by every node: the sealing key, the one-time hand-off codes
// and the sessions ended before their time.
package dev.portway.server.store;

import java.util.List;
import java.util.Optional;

public final class VisitorTables {
    private final Sql sql;

    VisitorTables(Sql sql) {
        this.sql = sql;
    }

    /**
     * A signed-in visitor on the way to host (the socket's id: socket), back to path, as the callback left them for
     * the socket's name; browser: the SHA-256 of the sign-in cookie of the browser that may redeem it.
     */
    public record HandOff(String email, String subject, String host, String socket, String path, String browser) {
    }

    /** A session ended at the visitor's request; its cookie is refused until expiresAt (epoch ms). */
    public record Logout(long id, String sessionId, long expiresAt) {
    }

    /**
     * The key of that name: the one in the store, or candidate when there is none yet. Whichever node asks first
     * writes it; every node then reads the same one.
     */
    public String key(String name, String candidate, long now) {
        sql.update("INSERT INTO visitor_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name, candidate, now);
        return sql.one("SELECT value FROM visitor_keys WHERE name = ?", rs -> rs.getString(1), name).orElseThrow();
    }

    /** codeHash: the code's SHA-256 (hex); expiresAt: epoch ms. */
    public void addCode(String codeHash, HandOff handOff, long expiresAt) {
        sql.update("INSERT INTO visitor_codes (code_hash, email, subject, host, socket_id, path, browser_hash,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", codeHash, handOff.email(), handOff.subject(),
                handOff.host(), handOff.socket(), handOff.path(), handOff.browser(), expiresAt);
    }

    /**
     * Redeems a code: its row is deleted, and only the caller whose delete removed it gets the hand-off (two nodes
     * that race for one code cannot both); an expired code is deleted and gives nothing.
     */
    public Optional<HandOff> takeCode(String codeHash, long now) {
        Optional<HandOff> code = sql.one("SELECT email, subject, host, socket_id, path, browser_hash"
                + " FROM visitor_codes WHERE code_hash = ? AND expires_at > ?", rs -> new HandOff(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), codeHash, now);
        boolean taken = sql.update("DELETE FROM visitor_codes WHERE code_hash = ?", codeHash) == 1;
        return taken ? code : Optional.empty();
    }

    public void addLogout(String sessionId, long expiresAt) {
        sql.update("INSERT INTO visitor_logouts (session_id, expires_at) VALUES (?, ?)", sessionId, expiresAt);
    }

    /** Logouts after the id whose sessions have not expired at now, in order. */
    public List<Logout> logoutsAfter(long id, long now) {
        return sql.many("SELECT id, session_id, expires_at FROM visitor_logouts WHERE id > ? AND expires_at > ?"
                + " ORDER BY id", rs -> new Logout(rs.getLong(1), rs.getString(2), rs.getLong(3)), id, now);
    }

    /** Forgets codes and logouts that expired before now (epoch ms). */
    public void prune(long now) {
        sql.update("DELETE FROM visitor_codes WHERE expires_at <= ?", now);
        sql.update("DELETE FROM visitor_logouts WHERE expires_at <= ?", now);
    }
}

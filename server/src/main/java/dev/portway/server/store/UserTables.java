// The accounts and their API tokens (migrations V1, V3, V6): sign-up, the one-admin rule and each account's limits.
package dev.portway.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class UserTables {
    /**
     * The condition (taking the user id twice) under which a user may stop being an enabled admin: they are not one,
     * or another enabled admin remains. A server always keeps one admin who can sign in.
     */
    private static final String NOT_LAST_ADMIN = "(is_admin = 0 OR disabled = 1 OR EXISTS (SELECT 1 FROM users o"
            + " WHERE o.is_admin = 1 AND o.disabled = 0 AND o.id <> ?))";

    /** Each user with the counts of what they own, for the admin's list. */
    private static final String SUMMARY = "SELECT u.*,"
            + " (SELECT COUNT(*) FROM sockets s WHERE s.owner_id = u.id) AS socket_count,"
            + " (SELECT COUNT(*) FROM sockets s WHERE s.owner_id = u.id"
            + " AND (s.port IS NOT NULL OR s.udp_port IS NOT NULL)) AS port_count,"
            + " (SELECT COUNT(*) FROM tunnels t JOIN sockets s ON s.id = t.socket_id WHERE s.owner_id = u.id)"
            + " AS tunnel_count FROM users u";

    private final Sql sql;

    UserTables(Sql sql) {
        this.sql = sql;
    }

    /**
     * One serializable statement decides "first user" and inserts, so two first sign-ups (on any node) cannot both
     * become admin.
     */
    boolean create(User u) {
        return sql.inTransaction(Connection.TRANSACTION_SERIALIZABLE, tx -> {
            if (tx.insertUnique("INSERT INTO users (id, email, password_hash, is_admin, disabled, created_at,"
                    + " last_seen_at) SELECT ?, ?, ?, CASE WHEN ? = 1 OR NOT EXISTS (SELECT 1 FROM users) THEN 1"
                    + " ELSE 0 END, ?, ?, ?", u.id(), u.email(), u.passwordHash(), u.admin() ? 1 : 0,
                    u.disabled() ? 1 : 0, u.createdAt(), u.lastSeenAt())) {
                return true;
            }
            tx.rollback();
            return false;
        });
    }

    List<UserSummary> summaries() {
        return sql.many(SUMMARY + " ORDER BY u.created_at, u.id", UserTables::summary);
    }

    Optional<UserSummary> summary(String id) {
        return sql.one(SUMMARY + " WHERE u.id = ?", UserTables::summary, id);
    }

    int count() {
        return sql.count("SELECT COUNT(*) FROM users");
    }

    Optional<User> byEmail(String email) {
        return sql.one("SELECT * FROM users WHERE lower(email) = lower(?)", UserTables::user, email);
    }

    Optional<User> byId(String id) {
        return sql.one("SELECT * FROM users WHERE id = ?", UserTables::user, id);
    }

    boolean setDisabled(String id, boolean disabled) {
        if (!disabled) {
            return sql.update("UPDATE users SET disabled = 0 WHERE id = ?", id) > 0;
        }
        return guardedUpdate("UPDATE users SET disabled = 1 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    boolean setAdmin(String id, boolean admin) {
        if (admin) {
            return sql.update("UPDATE users SET is_admin = 1 WHERE id = ?", id) > 0;
        }
        return guardedUpdate("UPDATE users SET is_admin = 0 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    void setPassword(String id, String passwordHash) {
        sql.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id);
    }

    boolean setLimits(String id, UserLimits limits) {
        return sql.update("UPDATE users SET max_sockets = ?, max_ports = ? WHERE id = ?", limits.maxSockets(),
                limits.maxPorts(), id) > 0;
    }

    void touch(String id, String at) {
        sql.update("UPDATE users SET last_seen_at = ? WHERE id = ?", at, id);
    }

    boolean delete(String id) {
        return guardedUpdate("DELETE FROM users WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    void createToken(String tokenId, String userId, String tokenHash, String createdAt) {
        sql.update("INSERT INTO api_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
                tokenId, userId, tokenHash, createdAt);
    }

    Optional<Store.ApiTokenRecord> token(String tokenId) {
        return sql.one("SELECT id, user_id, token_hash FROM api_tokens WHERE id = ?",
                rs -> new Store.ApiTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3)), tokenId);
    }

    void deleteToken(String tokenId) {
        sql.update("DELETE FROM api_tokens WHERE id = ?", tokenId);
    }

    void deleteTokens(String userId) {
        sql.update("DELETE FROM api_tokens WHERE user_id = ?", userId);
    }

    /**
     * Locks the user's row until tx ends and returns the quota that applies to them; empty: no user. Whoever counts
     * what a user owns to add to it holds this lock, so racing additions (on any node) count one another.
     */
    static Optional<Quota> lockOwner(Sql.Transaction tx, String userId, Quota defaults) throws SQLException {
        if (!lockOwner(tx, userId)) {
            return Optional.empty();
        }
        return tx.one("SELECT max_sockets, max_ports FROM users WHERE id = ?", rs -> limits(rs).over(defaults),
                userId);
    }

    /** Locks the user's row until tx ends; false: no such user. */
    static boolean lockOwner(Sql.Transaction tx, String userId) throws SQLException {
        return tx.lock("UPDATE users SET max_sockets = max_sockets WHERE id = ?", userId);
    }

    /** An update whose condition reads other rows (the last admin): serializable, so two nodes cannot both pass. */
    private boolean guardedUpdate(String statement, Object... args) {
        return sql.inTransaction(Connection.TRANSACTION_SERIALIZABLE, tx -> tx.update(statement, args) > 0);
    }

    private static UserSummary summary(ResultSet rs) throws SQLException {
        return new UserSummary(user(rs), rs.getInt("socket_count"), rs.getInt("port_count"),
                rs.getInt("tunnel_count"));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("password_hash"),
                rs.getInt("is_admin") != 0, rs.getInt("disabled") != 0, rs.getString("created_at"),
                rs.getString("last_seen_at"), limits(rs));
    }

    private static UserLimits limits(ResultSet rs) throws SQLException {
        int sockets = rs.getInt("max_sockets");
        Integer maxSockets = rs.wasNull() ? null : sockets;
        int ports = rs.getInt("max_ports");
        return new UserLimits(maxSockets, rs.wasNull() ? null : ports);
    }
}

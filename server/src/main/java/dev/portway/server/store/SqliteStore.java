// The embedded default store: one SQLite file, one connection, statements serialized (SQLite writes one at a time).
package dev.portway.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class SqliteStore implements Store {
    /**
     * The condition (taking the user id twice) under which a user may stop being an enabled admin: they are not one,
     * or another enabled admin remains. A server always keeps one admin who can sign in.
     */
    private static final String NOT_LAST_ADMIN = "(is_admin = 0 OR disabled = 1 OR EXISTS (SELECT 1 FROM users o"
            + " WHERE o.is_admin = 1 AND o.disabled = 0 AND o.id <> ?))";

    private final Connection conn;
    private final int schemaVersion;

    public SqliteStore(Path file) {
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createFile(file);
            }
            dev.portway.protocol.FilePermissions.ownerOnlyFile(file);
            conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute("PRAGMA busy_timeout = 5000");
            }
            schemaVersion = Migrations.migrate(conn);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** One statement decides "first user" and inserts, so two first sign-ups cannot both become admin. */
    @Override
    public synchronized boolean createUser(User u) {
        return insertUnique("INSERT INTO users (id, email, password_hash, is_admin, disabled, created_at, last_seen_at)"
                + " SELECT ?, ?, ?, CASE WHEN ? = 1 OR NOT EXISTS (SELECT 1 FROM users) THEN 1 ELSE 0 END, ?, ?, ?",
                u.id(), u.email(), u.passwordHash(), u.admin() ? 1 : 0, u.disabled() ? 1 : 0, u.createdAt(),
                u.lastSeenAt());
    }

    @Override
    public synchronized List<UserSummary> listUsers() {
        return many("SELECT u.*,"
                + " (SELECT COUNT(*) FROM sockets s WHERE s.owner_id = u.id) AS socket_count,"
                + " (SELECT COUNT(*) FROM tunnels t JOIN sockets s ON s.id = t.socket_id WHERE s.owner_id = u.id)"
                + " AS tunnel_count FROM users u ORDER BY u.created_at, u.id",
                rs -> new UserSummary(user(rs), rs.getInt("socket_count"), rs.getInt("tunnel_count")));
    }

    @Override
    public synchronized Optional<User> findUserByEmail(String email) {
        return one("SELECT * FROM users WHERE email = ?", SqliteStore::user, email);
    }

    @Override
    public synchronized Optional<User> findUser(String id) {
        return one("SELECT * FROM users WHERE id = ?", SqliteStore::user, id);
    }

    @Override
    public synchronized boolean setUserDisabled(String id, boolean disabled) {
        if (!disabled) {
            return update("UPDATE users SET disabled = 0 WHERE id = ?", id) > 0;
        }
        return update("UPDATE users SET disabled = 1 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id) > 0;
    }

    @Override
    public synchronized boolean setUserAdmin(String id, boolean admin) {
        if (admin) {
            return update("UPDATE users SET is_admin = 1 WHERE id = ?", id) > 0;
        }
        return update("UPDATE users SET is_admin = 0 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id) > 0;
    }

    @Override
    public synchronized void setUserPassword(String id, String passwordHash) {
        update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id);
    }

    @Override
    public synchronized void touchUser(String id, String at) {
        update("UPDATE users SET last_seen_at = ? WHERE id = ?", at, id);
    }

    @Override
    public synchronized boolean deleteUser(String id) {
        return update("DELETE FROM users WHERE id = ? AND " + NOT_LAST_ADMIN, id, id) > 0;
    }

    @Override
    public synchronized void createApiToken(String tokenId, String userId, String tokenHash, String createdAt) {
        update("INSERT INTO api_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
                tokenId, userId, tokenHash, createdAt);
    }

    @Override
    public synchronized Optional<ApiTokenRecord> findApiToken(String tokenId) {
        return one("SELECT id, user_id, token_hash FROM api_tokens WHERE id = ?",
                rs -> new ApiTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3)), tokenId);
    }

    @Override
    public synchronized void deleteApiToken(String tokenId) {
        update("DELETE FROM api_tokens WHERE id = ?", tokenId);
    }

    @Override
    public synchronized void deleteApiTokens(String userId) {
        update("DELETE FROM api_tokens WHERE user_id = ?", userId);
    }

    @Override
    public synchronized Insert createSocket(SocketRecord s) {
        try (PreparedStatement ps = prepare("INSERT INTO sockets (id, owner_id, name, dns_name, socket_type, port,"
                + " protected, username, password_hash, allow_ips, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.ownerId(), s.name(), s.dnsName(), s.socketType(), s.port(), s.isProtected() ? 1 : 0,
                s.username(), s.passwordHash(), String.join(",", s.allowIps()), s.createdAt())) {
            ps.executeUpdate();
            return Insert.CREATED;
        } catch (SQLException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("UNIQUE constraint failed: sockets.port")) {
                return Insert.PORT_TAKEN;
            }
            if (msg.contains("UNIQUE constraint failed")) {
                return Insert.NAME_TAKEN;
            }
            throw new StoreException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean updateSocket(SocketRecord s) {
        return update("UPDATE sockets SET name = ?, protected = ?, username = ?, password_hash = ?, allow_ips = ?"
                + " WHERE id = ?", s.name(), s.isProtected() ? 1 : 0, s.username(), s.passwordHash(),
                String.join(",", s.allowIps()), s.id()) > 0;
    }

    @Override
    public synchronized List<SocketRecord> allSockets() {
        return many("SELECT * FROM sockets ORDER BY created_at, id", SqliteStore::socket);
    }

    @Override
    public synchronized List<SocketRecord> listSockets(String ownerId) {
        return many("SELECT * FROM sockets WHERE owner_id = ? ORDER BY created_at, id", SqliteStore::socket,
                ownerId);
    }

    @Override
    public synchronized List<SocketRecord> findSockets(SocketFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT s.* FROM sockets s JOIN users u ON u.id = s.owner_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.user() != null) {
            sql.append(" AND (s.owner_id = ? OR LOWER(u.email) = LOWER(?))");
            args.add(filter.user());
            args.add(filter.user());
        }
        if (filter.socketType() != null) {
            sql.append(" AND s.socket_type = ?");
            args.add(filter.socketType());
        }
        if (filter.query() != null) {
            String like = "%" + filter.query().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            sql.append(" AND (LOWER(s.name) LIKE ? ESCAPE '!' OR LOWER(s.dns_name) LIKE ? ESCAPE '!')");
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY s.created_at, s.id");
        return many(sql.toString(), SqliteStore::socket, args.toArray());
    }

    @Override
    public synchronized Optional<SocketRecord> findSocket(String id) {
        return one("SELECT * FROM sockets WHERE id = ?", SqliteStore::socket, id);
    }

    @Override
    public synchronized Optional<SocketRecord> findSocketByDnsName(String dnsName) {
        return one("SELECT * FROM sockets WHERE dns_name = ?", SqliteStore::socket, dnsName);
    }

    @Override
    public synchronized boolean deleteSocket(String id) {
        return update("DELETE FROM sockets WHERE id = ?", id) > 0;
    }

    @Override
    public synchronized void createTunnel(TunnelRecord t) {
        update("INSERT INTO tunnels (id, socket_id, credential_hash, bytes_in, bytes_out, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.socketId(), t.credentialHash(), t.bytesIn(), t.bytesOut(),
                t.createdAt());
    }

    @Override
    public synchronized List<TunnelRecord> listTunnels(String socketId) {
        return many("SELECT * FROM tunnels WHERE socket_id = ? ORDER BY created_at, id", SqliteStore::tunnel,
                socketId);
    }

    @Override
    public synchronized Optional<TunnelRecord> findTunnel(String id) {
        return one("SELECT * FROM tunnels WHERE id = ?", SqliteStore::tunnel, id);
    }

    @Override
    public synchronized boolean deleteTunnel(String id) {
        return update("DELETE FROM tunnels WHERE id = ?", id) > 0;
    }

    @Override
    public synchronized void setTunnelCredential(String tunnelId, String credentialHash) {
        update("UPDATE tunnels SET credential_hash = ? WHERE id = ?", credentialHash, tunnelId);
    }

    @Override
    public synchronized void addTunnelTraffic(String tunnelId, long bytesIn, long bytesOut) {
        update("UPDATE tunnels SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ? WHERE id = ?",
                bytesIn, bytesOut, tunnelId);
    }

    @Override
    public synchronized AuditRecord addAudit(AuditRecord e) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO audit_log (at, actor_id, actor_email, action,"
                + " target, detail, remote_address) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            Object[] args = {e.at(), e.actorId(), e.actorEmail(), e.action(), e.target(), e.detail(),
                    e.remoteAddress()};
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new AuditRecord(keys.getLong(1), e.at(), e.actorId(), e.actorEmail(), e.action(), e.target(),
                        e.detail(), e.remoteAddress());
            }
        } catch (SQLException ex) {
            throw new StoreException(ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized List<AuditRecord> listAudit(Long before, int limit) {
        RowMapper<AuditRecord> row = rs -> new AuditRecord(rs.getLong("id"), rs.getString("at"),
                rs.getString("actor_id"), rs.getString("actor_email"), rs.getString("action"), rs.getString("target"),
                rs.getString("detail"), rs.getString("remote_address"));
        return before == null
                ? many("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", row, limit)
                : many("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?", row, before, limit);
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public synchronized boolean isReachable() {
        try {
            many("SELECT 1 FROM users LIMIT 1", rs -> rs.getInt(1));
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close database: " + e.getMessage(), e);
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("password_hash"),
                rs.getInt("is_admin") != 0, rs.getInt("disabled") != 0, rs.getString("created_at"),
                rs.getString("last_seen_at"));
    }

    private static SocketRecord socket(ResultSet rs) throws SQLException {
        int port = rs.getInt("port");
        Integer dedicated = rs.wasNull() ? null : port;
        String allow = rs.getString("allow_ips");
        return new SocketRecord(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"),
                rs.getString("dns_name"), rs.getString("socket_type"), dedicated, rs.getInt("protected") != 0,
                rs.getString("username"), rs.getString("password_hash"),
                allow == null || allow.isEmpty() ? List.of() : List.of(allow.split(",")),
                rs.getString("created_at"));
    }

    private static TunnelRecord tunnel(ResultSet rs) throws SQLException {
        return new TunnelRecord(rs.getString("id"), rs.getString("socket_id"), rs.getString("credential_hash"),
                rs.getLong("bytes_in"), rs.getLong("bytes_out"), rs.getString("created_at"));
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = many(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private <T> List<T> many(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    private boolean insertUnique(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed")) {
                return false;
            }
            throw new StoreException(e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}

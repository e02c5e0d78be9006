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

    @Override
    public synchronized boolean createUser(User u) {
        return insertUnique("INSERT INTO users (id, email, password_hash, is_admin, disabled, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", u.id(), u.email(), u.passwordHash(), u.admin() ? 1 : 0,
                u.disabled() ? 1 : 0, u.createdAt());
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
    public synchronized void setUserDisabled(String id, boolean disabled) {
        update("UPDATE users SET disabled = ? WHERE id = ?", disabled ? 1 : 0, id);
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
                rs.getInt("is_admin") != 0, rs.getInt("disabled") != 0, rs.getString("created_at"));
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

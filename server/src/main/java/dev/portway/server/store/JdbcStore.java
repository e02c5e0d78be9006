// The store over JDBC: the same SQL for SQLite (the default, one file) and PostgreSQL (several nodes), with the
// differences in Dialect. Uniqueness (emails, dns names, ports) is the database's constraints', not this process's.
package dev.portway.server.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

public final class JdbcStore implements Store {
    /**
     * The condition (taking the user id twice) under which a user may stop being an enabled admin: they are not one,
     * or another enabled admin remains. A server always keeps one admin who can sign in.
     */
    private static final String NOT_LAST_ADMIN = "(is_admin = 0 OR disabled = 1 OR EXISTS (SELECT 1 FROM users o"
            + " WHERE o.is_admin = 1 AND o.disabled = 0 AND o.id <> ?))";

    /** Serializable transactions that lose a race to another (PostgreSQL) run again, at most this often. */
    private static final int TRANSACTION_TRIES = 5;

    private final HikariDataSource pool;
    private final Sql sql;
    private final Dialect dialect;
    private final int schemaVersion;

    private final ClusterTables cluster;
    private final AcmeTables acme;
    private final VisitorTables visitors;

    private JdbcStore(HikariDataSource pool, Dialect dialect, int schemaVersion) {
        this.pool = pool;
        this.sql = new Sql(pool);
        this.cluster = new ClusterTables(sql);
        this.acme = new AcmeTables(sql);
        this.visitors = new VisitorTables(sql);
        this.dialect = dialect;
        this.schemaVersion = schemaVersion;
    }

    /** Opens (for SQLite: creates, owner-only) the database and brings its schema up to date. */
    public static JdbcStore open(StoreLocation location) {
        try {
            if (location.file() != null) {
                if (!Files.exists(location.file())) {
                    Files.createFile(location.file());
                }
                dev.portway.protocol.FilePermissions.ownerOnlyFile(location.file());
            }
            ConnectionPool.Opened opened = ConnectionPool.open(location);
            return new JdbcStore(opened.pool(), location.dialect(), opened.schemaVersion());
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreException("cannot open the store (" + location + "): " + rootMessage(e), e);
        }
    }

    /** The pool's and Flyway's wrappers repeat their causes' messages; the innermost one says what went wrong. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /**
     * One serializable statement decides "first user" and inserts, so two first sign-ups (on any node) cannot both
     * become admin.
     */
    @Override
    public boolean createUser(User u) {
        return serializable(c -> {
            try (PreparedStatement ps = Sql.prepare(c,
                    "INSERT INTO users (id, email, password_hash, is_admin, disabled,"
                    + " created_at, last_seen_at) SELECT ?, ?, ?, CASE WHEN ? = 1 OR NOT EXISTS (SELECT 1 FROM users)"
                    + " THEN 1 ELSE 0 END, ?, ?, ?", u.id(), u.email(), u.passwordHash(), u.admin() ? 1 : 0,
                    u.disabled() ? 1 : 0, u.createdAt(), u.lastSeenAt())) {
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (dialect.uniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean clustered() {
        return dialect == Dialect.POSTGRES;
    }

    @Override
    public ClusterTables cluster() {
        return cluster;
    }

    @Override
    public List<UserSummary> listUsers() {
        return many("SELECT u.*,"
                + " (SELECT COUNT(*) FROM sockets s WHERE s.owner_id = u.id) AS socket_count,"
                + " (SELECT COUNT(*) FROM sockets s WHERE s.owner_id = u.id AND s.port IS NOT NULL) AS port_count,"
                + " (SELECT COUNT(*) FROM tunnels t JOIN sockets s ON s.id = t.socket_id WHERE s.owner_id = u.id)"
                + " AS tunnel_count FROM users u ORDER BY u.created_at, u.id",
                rs -> new UserSummary(user(rs), rs.getInt("socket_count"), rs.getInt("port_count"),
                        rs.getInt("tunnel_count")));
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        return one("SELECT * FROM users WHERE lower(email) = lower(?)", JdbcStore::user, email);
    }

    @Override
    public Optional<User> findUser(String id) {
        return one("SELECT * FROM users WHERE id = ?", JdbcStore::user, id);
    }

    @Override
    public boolean setUserDisabled(String id, boolean disabled) {
        if (!disabled) {
            return update("UPDATE users SET disabled = 0 WHERE id = ?", id) > 0;
        }
        return guardedUpdate("UPDATE users SET disabled = 1 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    @Override
    public boolean setUserAdmin(String id, boolean admin) {
        if (admin) {
            return update("UPDATE users SET is_admin = 1 WHERE id = ?", id) > 0;
        }
        return guardedUpdate("UPDATE users SET is_admin = 0 WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    @Override
    public void setUserPassword(String id, String passwordHash) {
        update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id);
    }

    @Override
    public boolean setUserLimits(String id, UserLimits limits) {
        return update("UPDATE users SET max_sockets = ?, max_ports = ? WHERE id = ?", limits.maxSockets(),
                limits.maxPorts(), id) > 0;
    }

    @Override
    public void touchUser(String id, String at) {
        update("UPDATE users SET last_seen_at = ? WHERE id = ?", at, id);
    }

    @Override
    public boolean deleteUser(String id) {
        return guardedUpdate("DELETE FROM users WHERE id = ? AND " + NOT_LAST_ADMIN, id, id);
    }

    @Override
    public void createApiToken(String tokenId, String userId, String tokenHash, String createdAt) {
        update("INSERT INTO api_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
                tokenId, userId, tokenHash, createdAt);
    }

    @Override
    public Optional<ApiTokenRecord> findApiToken(String tokenId) {
        return one("SELECT id, user_id, token_hash FROM api_tokens WHERE id = ?",
                rs -> new ApiTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3)), tokenId);
    }

    @Override
    public void deleteApiToken(String tokenId) {
        update("DELETE FROM api_tokens WHERE id = ?", tokenId);
    }

    @Override
    public void deleteApiTokens(String userId) {
        update("DELETE FROM api_tokens WHERE user_id = ?", userId);
    }

    /**
     * Under the owner's row lock the counts are of committed rows, each statement's own (PostgreSQL's read
     * committed): a racing creation of the same account waits for this one to end, then counts it. On a conflict the
     * database's rows tell which (its error names a constraint only in message text).
     */
    @Override
    public Insert createSocket(SocketRecord s, Quota defaults) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
            Optional<Quota> quota = lockOwner(c, s.ownerId(), defaults);
            if (quota.isEmpty()) {
                throw new SQLException("no user " + s.ownerId());
            }
            if (count(c, "SELECT COUNT(*) FROM sockets WHERE owner_id = ?", s.ownerId()) >= quota.get().sockets()) {
                return Insert.OVER_SOCKET_QUOTA;
            }
            if (s.port() != null && count(c, "SELECT COUNT(*) FROM sockets WHERE owner_id = ? AND port IS NOT NULL",
                    s.ownerId()) >= quota.get().ports()) {
                return Insert.OVER_PORT_QUOTA;
            }
            try (PreparedStatement ps = Sql.prepare(c, "INSERT INTO sockets (id, owner_id, name, dns_name, socket_type,"
                    + " port, protected, username, password_hash, allow_ips, created_at, allowed_emails,"
                    + " allowed_email_domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.ownerId(),
                    s.name(), s.dnsName(), s.socketType(), s.port(), s.isProtected() ? 1 : 0, s.username(),
                    s.passwordHash(), String.join(",", s.allowIps()), s.createdAt(),
                    String.join(",", s.allowedEmails()), String.join(",", s.allowedEmailDomains()))) {
                ps.executeUpdate();
                return Insert.CREATED;
            } catch (SQLException e) {
                if (!dialect.uniqueViolation(e)) {
                    throw e;
                }
            }
            c.rollback(); // PostgreSQL takes no statement in a transaction that failed one
            if (s.port() != null && count(c, "SELECT COUNT(*) FROM sockets WHERE port = ?", s.port()) > 0) {
                return Insert.PORT_TAKEN;
            }
            return Insert.NAME_TAKEN;
        });
    }

    /** Locks the user's row until the transaction ends and returns the quota that applies to them; empty: no user. */
    private static Optional<Quota> lockOwner(Connection c, String userId, Quota defaults) throws SQLException {
        if (!lockRow(c, "UPDATE users SET max_sockets = max_sockets WHERE id = ?", userId)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = Sql.prepare(c, "SELECT max_sockets, max_ports FROM users WHERE id = ?", userId);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(limits(rs).over(defaults)) : Optional.empty();
        }
    }

    /**
     * Locks a row until the transaction ends with an update that changes nothing: the same statement on both
     * databases, and of no key column, so that no foreign key is checked. False when there is no such row.
     */
    private static boolean lockRow(Connection c, String noOpUpdate, String id) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, noOpUpdate, id)) {
            return ps.executeUpdate() > 0;
        }
    }

    private static int count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public boolean updateSocket(SocketRecord s) {
        return update("UPDATE sockets SET name = ?, protected = ?, username = ?, password_hash = ?, allow_ips = ?,"
                + " allowed_emails = ?, allowed_email_domains = ? WHERE id = ?", s.name(), s.isProtected() ? 1 : 0,
                s.username(), s.passwordHash(), String.join(",", s.allowIps()), String.join(",", s.allowedEmails()),
                String.join(",", s.allowedEmailDomains()), s.id()) > 0;
    }

    @Override
    public List<SocketRecord> allSockets() {
        return withDomains(many("SELECT * FROM sockets ORDER BY created_at, id", JdbcStore::socket));
    }

    @Override
    public List<SocketRecord> listSockets(String ownerId) {
        return withDomains(many("SELECT * FROM sockets WHERE owner_id = ? ORDER BY created_at, id",
                JdbcStore::socket, ownerId));
    }

    @Override
    public List<SocketRecord> findSockets(SocketFilter filter) {
        StringBuilder sql = new StringBuilder(
                "SELECT s.* FROM sockets s JOIN users u ON u.id = s.owner_id WHERE 1 = 1");
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
            String like = "%" + filter.query().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            sql.append(" AND (LOWER(s.name) LIKE ? ESCAPE '!' OR LOWER(s.dns_name) LIKE ? ESCAPE '!')");
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY s.created_at, s.id");
        return withDomains(many(sql.toString(), JdbcStore::socket, args.toArray()));
    }

    @Override
    public Optional<SocketRecord> findSocket(String id) {
        return withDomains(many("SELECT * FROM sockets WHERE id = ?", JdbcStore::socket, id)).stream().findFirst();
    }

    @Override
    public Optional<SocketRecord> findSocketByDnsName(String dnsName) {
        return withDomains(many("SELECT * FROM sockets WHERE lower(dns_name) = lower(?)", JdbcStore::socket,
                dnsName)).stream().findFirst();
    }

    /** The sockets with their verified custom domains: what the edge routes to each besides its dns name. */
    private List<SocketRecord> withDomains(List<SocketRecord> sockets) {
        if (sockets.isEmpty()) {
            return sockets;
        }
        String verified = "SELECT socket_id, name FROM custom_domains WHERE status = 'verified'";
        List<String[]> rows = sockets.size() == 1
                ? many(verified + " AND socket_id = ? ORDER BY name", rs -> new String[]{rs.getString(1),
                        rs.getString(2)}, sockets.get(0).id())
                : many(verified + " ORDER BY name", rs -> new String[]{rs.getString(1), rs.getString(2)});
        if (rows.isEmpty()) {
            return sockets;
        }
        Map<String, List<String>> bySocket = new HashMap<>();
        rows.forEach(r -> bySocket.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]));
        return sockets.stream().map(s -> s.withDomains(bySocket.getOrDefault(s.id(), List.of()))).toList();
    }

    @Override
    public boolean deleteSocket(String id) {
        return update("DELETE FROM sockets WHERE id = ?", id) > 0;
    }

    /** As createSocket: the socket's row is held while its tunnels are counted and the new one inserted. */
    @Override
    public boolean createTunnel(TunnelRecord t, int max) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
            if (!lockRow(c, "UPDATE sockets SET name = name WHERE id = ?", t.socketId())) {
                throw new SQLException("no socket " + t.socketId());
            }
            if (count(c, "SELECT COUNT(*) FROM tunnels WHERE socket_id = ?", t.socketId()) >= max) {
                return false;
            }
            try (PreparedStatement ps = Sql.prepare(c, "INSERT INTO tunnels (id, socket_id, credential_hash, bytes_in,"
                    + " bytes_out, created_at) VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.socketId(), t.credentialHash(),
                    t.bytesIn(), t.bytesOut(), t.createdAt())) {
                ps.executeUpdate();
                return true;
            }
        });
    }

    @Override
    public List<TunnelRecord> listTunnels(String socketId) {
        return many("SELECT * FROM tunnels WHERE socket_id = ? ORDER BY created_at, id", JdbcStore::tunnel,
                socketId);
    }

    @Override
    public Optional<TunnelRecord> findTunnel(String id) {
        return one("SELECT * FROM tunnels WHERE id = ?", JdbcStore::tunnel, id);
    }

    @Override
    public boolean deleteTunnel(String id) {
        return update("DELETE FROM tunnels WHERE id = ?", id) > 0;
    }

    @Override
    public void setTunnelCredential(String tunnelId, String credentialHash) {
        update("UPDATE tunnels SET credential_hash = ? WHERE id = ?", credentialHash, tunnelId);
    }

    @Override
    public void addTunnelTraffic(String tunnelId, long bytesIn, long bytesOut) {
        update("UPDATE tunnels SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ? WHERE id = ?",
                bytesIn, bytesOut, tunnelId);
    }

    @Override
    public List<CustomDomainRecord> listCustomDomains(String socketId) {
        return many("SELECT * FROM custom_domains WHERE socket_id = ? ORDER BY name", JdbcStore::domain, socketId);
    }

    @Override
    public Optional<CustomDomainRecord> findCustomDomain(String name) {
        return one("SELECT * FROM custom_domains WHERE name = ? AND status = 'verified'", JdbcStore::domain, name);
    }

    @Override
    public List<CustomDomainRecord> customDomainClaims(String name) {
        return many("SELECT * FROM custom_domains WHERE name = ? ORDER BY socket_id", JdbcStore::domain, name);
    }

    /** As createSocket: the owner's row is held while their domains are counted and changed. */
    @Override
    public DomainsUpdate setCustomDomains(String socketId, List<CustomDomainRecord> wanted, int maxPerUser) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
            String owner = null;
            try (PreparedStatement ps = Sql.prepare(c, "SELECT owner_id FROM sockets WHERE id = ?", socketId);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    owner = rs.getString(1);
                }
            }
            if (owner == null || !lockRow(c, "UPDATE users SET max_sockets = max_sockets WHERE id = ?", owner)) {
                return DomainsUpdate.NO_SOCKET;
            }
            String ofOwner = "SELECT COUNT(*) FROM custom_domains d JOIN sockets s ON s.id = d.socket_id"
                    + " WHERE s.owner_id = ?";
            int before = count(c, ofOwner, owner);
            int after = count(c, ofOwner + " AND d.socket_id <> ?", owner, socketId) + wanted.size();
            if (after > maxPerUser && after > before) {
                return DomainsUpdate.OVER_QUOTA;
            }
            List<String> names = wanted.stream().map(CustomDomainRecord::name).toList();
            for (CustomDomainRecord d : listDomains(c, socketId)) {
                if (!names.contains(d.name())) {
                    try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM custom_domains WHERE socket_id = ?"
                            + " AND name = ?", socketId, d.name())) {
                        ps.executeUpdate();
                    }
                }
            }
            List<String> held = listDomains(c, socketId).stream().map(CustomDomainRecord::name).toList();
            for (CustomDomainRecord d : wanted) {
                if (held.contains(d.name())) {
                    continue;
                }
                // A claim blocks nobody until it is verified: then the name is that socket's.
                if (count(c, "SELECT COUNT(*) FROM custom_domains WHERE name = ? AND status = 'verified'"
                        + " AND socket_id <> ?", d.name(), socketId) > 0) {
                    c.rollback();
                    return DomainsUpdate.NAME_TAKEN;
                }
                try (PreparedStatement ps = Sql.prepare(c, "INSERT INTO custom_domains (name, socket_id, txt_value,"
                        + " status, check_since, next_check_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", d.name(),
                        socketId, d.txtValue(), d.status(), d.checkSince(), d.nextCheckAt(), d.createdAt())) {
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!dialect.uniqueViolation(e)) {
                        throw e;
                    }
                    c.rollback(); // nothing of this update stays
                    return DomainsUpdate.NAME_TAKEN;
                }
            }
            return DomainsUpdate.UPDATED;
        });
    }

    private static List<CustomDomainRecord> listDomains(Connection c, String socketId) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT * FROM custom_domains WHERE socket_id = ?", socketId);
             ResultSet rs = ps.executeQuery()) {
            List<CustomDomainRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(domain(rs));
            }
            return out;
        }
    }

    @Override
    public int restartCustomDomainChecks(String socketId, long now, long roundsFrom) {
        return update("UPDATE custom_domains SET status = 'pending', check_since = ?, next_check_at = ?"
                + " WHERE socket_id = ? AND status IN ('pending', 'failed') AND check_since <= ? AND NOT EXISTS"
                + " (SELECT 1 FROM custom_domains v WHERE v.name = custom_domains.name AND v.status = 'verified')",
                now, now, socketId, roundsFrom);
    }

    @Override
    public List<CustomDomainRecord> dueCustomDomains(long now, int limit) {
        return many("SELECT * FROM custom_domains WHERE status = 'pending' AND next_check_at <= ?"
                + " ORDER BY next_check_at, name LIMIT ?", JdbcStore::domain, now, limit);
    }

    @Override
    public boolean claimCustomDomainCheck(String name, String socketId, long expectedNextCheckAt, long nextCheckAt) {
        return update("UPDATE custom_domains SET next_check_at = ? WHERE name = ? AND socket_id = ?"
                + " AND status = 'pending' AND next_check_at = ?", nextCheckAt, name, socketId,
                expectedNextCheckAt) > 0;
    }

    @Override
    public boolean settleCustomDomain(String name, String socketId, long checkSince, String status) {
        String settle = "UPDATE custom_domains SET status = ? WHERE name = ? AND socket_id = ? AND check_since = ?"
                + " AND status = 'pending'";
        if (!status.equals("verified")) {
            return update(settle, status, name, socketId, checkSince) > 0;
        }
        try {
            return transaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
                try (PreparedStatement ps = Sql.prepare(c, settle, status, name, socketId, checkSince)) {
                    if (ps.executeUpdate() == 0) {
                        return false;
                    }
                }
                try (PreparedStatement ps = Sql.prepare(c, "UPDATE custom_domains SET status = 'failed'"
                        + " WHERE name = ? AND socket_id <> ?", name, socketId)) {
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException cause && dialect.uniqueViolation(cause))) {
                throw e;
            }
            // The partial unique index: another socket's claim was verified first (on this node or another).
            update(settle, "failed", name, socketId, checkSince);
            return false;
        }
    }

    /** INSERT ... RETURNING: both databases hand back the id they numbered in the same statement. */
    @Override
    public AuditRecord addAudit(AuditRecord e) {
        long id = one("INSERT INTO audit_log (at, actor_id, actor_email, action, target, detail, remote_address)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1), e.at(), e.actorId(),
                e.actorEmail(), e.action(), e.target(), e.detail(), e.remoteAddress()).orElseThrow();
        return new AuditRecord(id, e.at(), e.actorId(), e.actorEmail(), e.action(), e.target(), e.detail(),
                e.remoteAddress());
    }

    @Override
    public List<AuditRecord> listAudit(Long before, int limit) {
        Sql.RowMapper<AuditRecord> row = rs -> new AuditRecord(rs.getLong("id"), rs.getString("at"),
                rs.getString("actor_id"), rs.getString("actor_email"), rs.getString("action"), rs.getString("target"),
                rs.getString("detail"), rs.getString("remote_address"));
        return before == null
                ? many("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", row, limit)
                : many("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?", row, before, limit);
    }

    @Override
    public void saveCertificate(CertificateRecord c) {
        update("INSERT INTO certificates (name, chain_pem, key_pem, issuer, not_before, not_after, last_error,"
                + " next_attempt_at, renew_requested, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET chain_pem = excluded.chain_pem, key_pem = excluded.key_pem,"
                + " issuer = excluded.issuer, not_before = excluded.not_before, not_after = excluded.not_after,"
                + " last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at,"
                + " renew_requested = excluded.renew_requested, updated_at = excluded.updated_at", c.name(),
                c.chainPem(), c.keyPem(), c.issuer(), c.notBefore(), c.notAfter(), c.lastError(), c.nextAttemptAt(),
                c.renewRequested() ? 1 : 0, c.updatedAt());
    }

    @Override
    public boolean addCertificate(CertificateRecord c) {
        return update("INSERT INTO certificates (name, chain_pem, key_pem, issuer, not_before, not_after, last_error,"
                + " next_attempt_at, renew_requested, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO NOTHING", c.name(), c.chainPem(), c.keyPem(), c.issuer(), c.notBefore(),
                c.notAfter(), c.lastError(), c.nextAttemptAt(), c.renewRequested() ? 1 : 0, c.updatedAt()) > 0;
    }

    @Override
    public Optional<CertificateRecord> findCertificate(String name) {
        return one("SELECT * FROM certificates WHERE name = ?", JdbcStore::certificate, name);
    }

    @Override
    public List<CertificateRecord> allCertificates() {
        return many("SELECT * FROM certificates ORDER BY name", JdbcStore::certificate);
    }

    @Override
    public boolean deleteCertificate(String name) {
        return update("DELETE FROM certificates WHERE name = ?", name) > 0;
    }

    /** updated_at changes too, so that nodes polling the stamps see the request. */
    @Override
    public boolean requestRenewal(String name) {
        return update("UPDATE certificates SET renew_requested = 1, next_attempt_at = NULL, updated_at = ?"
                + " WHERE name = ?", Instant.now().toString(), name) > 0;
    }

    @Override
    public AcmeTables acme() {
        return acme;
    }

    @Override
    public VisitorTables visitors() {
        return visitors;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public boolean isReachable() {
        try {
            many("SELECT 1 FROM users LIMIT 1", rs -> rs.getInt(1));
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
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

    private static SocketRecord socket(ResultSet rs) throws SQLException {
        int port = rs.getInt("port");
        Integer dedicated = rs.wasNull() ? null : port;
        return new SocketRecord(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"),
                rs.getString("dns_name"), rs.getString("socket_type"), dedicated, rs.getInt("protected") != 0,
                rs.getString("username"), rs.getString("password_hash"), commaList(rs.getString("allow_ips")),
                rs.getString("created_at"), List.of(), commaList(rs.getString("allowed_emails")),
                commaList(rs.getString("allowed_email_domains")));
    }

    /** A comma-separated column (allow_ips, allowed_emails, …); empty or NULL is the empty list. */
    private static List<String> commaList(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    private static CertificateRecord certificate(ResultSet rs) throws SQLException {
        return new CertificateRecord(rs.getString("name"), rs.getString("chain_pem"), rs.getString("key_pem"),
                rs.getString("issuer"), rs.getString("not_before"), rs.getString("not_after"),
                rs.getString("last_error"), rs.getString("next_attempt_at"), rs.getInt("renew_requested") != 0,
                rs.getString("updated_at"));
    }

    private static CustomDomainRecord domain(ResultSet rs) throws SQLException {
        return new CustomDomainRecord(rs.getString("name"), rs.getString("socket_id"), rs.getString("txt_value"),
                rs.getString("status"), rs.getLong("check_since"), rs.getLong("next_check_at"),
                rs.getString("created_at"));
    }

    private static TunnelRecord tunnel(ResultSet rs) throws SQLException {
        return new TunnelRecord(rs.getString("id"), rs.getString("socket_id"), rs.getString("credential_hash"),
                rs.getLong("bytes_in"), rs.getLong("bytes_out"), rs.getString("created_at"));
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> Optional<T> one(String sql, Sql.RowMapper<T> mapper, Object... args) {
        List<T> rows = many(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private <T> List<T> many(String statement, Sql.RowMapper<T> mapper, Object... args) {
        return sql.many(statement, mapper, args);
    }

    private int update(String statement, Object... args) {
        return sql.update(statement, args);
    }

    /** An update whose condition reads other rows (the last admin): serializable, so two nodes cannot both pass. */
    private boolean guardedUpdate(String sql, Object... args) {
        return serializable(c -> {
            try (PreparedStatement ps = Sql.prepare(c, sql, args)) {
                return ps.executeUpdate() > 0;
            }
        });
    }

    private <T> T serializable(Work<T> work) {
        return transaction(Connection.TRANSACTION_SERIALIZABLE, work);
    }

    /** One transaction at that isolation (SQLite's are all serializable), run again when it lost a race. */
    private <T> T transaction(int isolation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                if (dialect == Dialect.POSTGRES) {
                    c.setTransactionIsolation(isolation);
                }
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    c.rollback();
                    if (!dialect.retryable(e) || attempt == TRANSACTION_TRIES) {
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }
    }
}

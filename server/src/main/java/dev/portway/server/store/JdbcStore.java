// The store over JDBC: the same SQL for SQLite (the default, one file) and PostgreSQL (several nodes), with the
// differences in Dialect. Uniqueness (emails, dns names, ports) is the database's constraints', not this process's.
// Each group of tables has its own class (UserTables, SocketTables, …); this one opens the database and hands each
// call of the Store interface to the group it concerns.
package dev.portway.server.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class JdbcStore implements Store {
    private final HikariDataSource pool;
    private final Sql sql;
    private final Dialect dialect;
    private final int schemaVersion;

    private final UserTables users;
    private final SocketTables sockets;
    private final TunnelTables tunnels;
    private final DomainTables domains;
    private final CertificateTables certificates;
    private final AuditTables audit;
    private final ClusterTables cluster;
    private final AcmeTables acme;
    private final VisitorTables visitors;

    private JdbcStore(HikariDataSource pool, Dialect dialect, int schemaVersion) {
        this.pool = pool;
        this.sql = new Sql(pool, dialect);
        this.users = new UserTables(sql);
        this.sockets = new SocketTables(sql);
        this.tunnels = new TunnelTables(sql);
        this.domains = new DomainTables(sql);
        this.certificates = new CertificateTables(sql);
        this.audit = new AuditTables(sql);
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

    @Override
    public boolean createUser(User u) {
        return users.create(u);
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
        return users.summaries();
    }

    @Override
    public Optional<UserSummary> findUserSummary(String id) {
        return users.summary(id);
    }

    @Override
    public int countUsers() {
        return users.count();
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        return users.byEmail(email);
    }

    @Override
    public Optional<User> findUser(String id) {
        return users.byId(id);
    }

    @Override
    public boolean setUserDisabled(String id, boolean disabled) {
        return users.setDisabled(id, disabled);
    }

    @Override
    public boolean setUserAdmin(String id, boolean admin) {
        return users.setAdmin(id, admin);
    }

    @Override
    public void setUserPassword(String id, String passwordHash) {
        users.setPassword(id, passwordHash);
    }

    @Override
    public boolean setUserLimits(String id, UserLimits limits) {
        return users.setLimits(id, limits);
    }

    @Override
    public void touchUser(String id, String at) {
        users.touch(id, at);
    }

    @Override
    public boolean deleteUser(String id) {
        return users.delete(id);
    }

    @Override
    public void createApiToken(String tokenId, String userId, String tokenHash, String createdAt) {
        users.createToken(tokenId, userId, tokenHash, createdAt);
    }

    @Override
    public Optional<ApiTokenRecord> findApiToken(String tokenId) {
        return users.token(tokenId);
    }

    @Override
    public void deleteApiToken(String tokenId) {
        users.deleteToken(tokenId);
    }

    @Override
    public void deleteApiTokens(String userId) {
        users.deleteTokens(userId);
    }

    @Override
    public Insert createSocket(SocketRecord s, Quota defaults) {
        return sockets.create(s, defaults);
    }

    @Override
    public boolean updateSocket(SocketRecord s) {
        return sockets.update(s);
    }

    @Override
    public List<SocketRecord> allSockets() {
        return sockets.all();
    }

    @Override
    public int countSockets() {
        return sockets.count();
    }

    @Override
    public List<SocketRecord> listSockets(String ownerId) {
        return sockets.ofOwner(ownerId);
    }

    @Override
    public List<SocketListing> socketListing(String ownerId) {
        return sockets.listingOf(ownerId);
    }

    @Override
    public List<SocketListing> socketListing(SocketFilter filter) {
        return sockets.listing(filter);
    }

    @Override
    public Optional<SocketRecord> findSocket(String id) {
        return sockets.byId(id);
    }

    @Override
    public Optional<SocketRecord> findSocketByDnsName(String dnsName) {
        return sockets.byDnsName(dnsName);
    }

    @Override
    public boolean deleteSocket(String id) {
        return sockets.delete(id);
    }

    @Override
    public boolean createTunnel(TunnelRecord t, int max) {
        return tunnels.create(t, max);
    }

    @Override
    public List<TunnelRecord> listTunnels(String socketId) {
        return tunnels.ofSocket(socketId);
    }

    @Override
    public Optional<TunnelRecord> findTunnel(String id) {
        return tunnels.byId(id);
    }

    @Override
    public boolean deleteTunnel(String id) {
        return tunnels.delete(id);
    }

    @Override
    public void setTunnelCredential(String tunnelId, String credentialHash) {
        tunnels.setCredential(tunnelId, credentialHash);
    }

    @Override
    public void addTunnelTraffic(String tunnelId, long bytesIn, long bytesOut) {
        tunnels.addTraffic(tunnelId, bytesIn, bytesOut);
    }

    @Override
    public List<CustomDomainRecord> listCustomDomains(String socketId) {
        return domains.ofSocket(socketId);
    }

    @Override
    public Optional<CustomDomainRecord> findCustomDomain(String name) {
        return domains.verified(name);
    }

    @Override
    public List<CustomDomainRecord> customDomainClaims(String name) {
        return domains.claims(name);
    }

    @Override
    public DomainsUpdate setCustomDomains(String socketId, List<CustomDomainRecord> wanted, int maxPerUser) {
        return domains.replace(socketId, wanted, maxPerUser);
    }

    @Override
    public int restartCustomDomainChecks(String socketId, long now, long roundsFrom) {
        return domains.restartChecks(socketId, now, roundsFrom);
    }

    @Override
    public List<CustomDomainRecord> dueCustomDomains(long now, int limit) {
        return domains.due(now, limit);
    }

    @Override
    public boolean claimCustomDomainCheck(String name, String socketId, long expectedNextCheckAt, long nextCheckAt) {
        return domains.claimCheck(name, socketId, expectedNextCheckAt, nextCheckAt);
    }

    @Override
    public boolean settleCustomDomain(String name, String socketId, long checkSince, String status) {
        return domains.settle(name, socketId, checkSince, status);
    }

    @Override
    public AuditRecord addAudit(AuditRecord e) {
        return audit.add(e);
    }

    @Override
    public List<AuditRecord> listAudit(Long before, int limit) {
        return audit.page(before, limit);
    }

    @Override
    public void saveCertificate(CertificateRecord c) {
        certificates.save(c);
    }

    @Override
    public boolean addCertificate(CertificateRecord c) {
        return certificates.add(c);
    }

    @Override
    public Optional<CertificateRecord> findCertificate(String name) {
        return certificates.byName(name);
    }

    @Override
    public List<CertificateRecord> allCertificates() {
        return certificates.all();
    }

    @Override
    public boolean deleteCertificate(String name) {
        return certificates.delete(name);
    }

    @Override
    public boolean requestRenewal(String name) {
        return certificates.requestRenewal(name);
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
            sql.many("SELECT 1 FROM users LIMIT 1", rs -> rs.getInt(1));
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

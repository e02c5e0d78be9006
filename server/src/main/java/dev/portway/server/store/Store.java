// Everything the server keeps: one interface, served by JdbcStore on SQLite (the default) or PostgreSQL.
package dev.portway.server.store;

import java.util.List;
import java.util.Optional;

public interface Store extends AutoCloseable {

    /** Inserts the user; returns false when the email is taken. The first user of a store is its admin. */
    boolean createUser(User user);

    /** Every user with the counts of their sockets and tunnels, oldest first. */
    List<UserSummary> listUsers();

    /** One user with the counts of what they own. */
    Optional<UserSummary> findUserSummary(String id);

    int countUsers();

    Optional<User> findUserByEmail(String email);

    Optional<User> findUser(String id);

    /**
     * Disables or re-enables an account. Returns false, changing nothing, when that would disable the last enabled
     * admin (or the user does not exist).
     */
    boolean setUserDisabled(String id, boolean disabled);

    /** Grants or revokes admin; false, changing nothing, when that would leave no enabled admin (or no such user). */
    boolean setUserAdmin(String id, boolean admin);

    void setUserPassword(String id, String passwordHash);

    /** Sets the limits an admin chose for the account (null fields: the server's defaults); false if no such user. */
    boolean setUserLimits(String id, UserLimits limits);

    /** Records that the user was seen (signed in, called the API, connected a tunnel) at that time. */
    void touchUser(String id, String at);

    /**
     * Deletes the user with their sockets, tunnels and tokens; false, deleting nothing, when they are the last
     * enabled admin (or do not exist).
     */
    boolean deleteUser(String id);

    void createApiToken(String tokenId, String userId, String tokenHash, String createdAt);

    /** The token's hash and owner, if the token id exists. */
    Optional<ApiTokenRecord> findApiToken(String tokenId);

    void deleteApiToken(String tokenId);

    /** Signs the user out everywhere. */
    void deleteApiTokens(String userId);

    /**
     * Inserts the socket unless its dns name or port is taken, or its owner is at their quota: the limits an admin
     * set for them, else {@code defaults}; ports counts the sockets that hold one. The count and the insert are one
     * transaction holding the owner's row, so racing creations (on any node) never pass a limit.
     */
    Insert createSocket(SocketRecord socket, Quota defaults);

    /** Replaces the socket's name and access settings (everything but id, owner, dns name, type and port). */
    boolean updateSocket(SocketRecord socket);

    /** Every socket of every user, for the edge to load its routes at start. */
    List<SocketRecord> allSockets();

    int countSockets();

    List<SocketRecord> listSockets(String ownerId);

    /** The owner's sockets with their tunnels and domain claims, oldest first, read in one query. */
    List<SocketListing> socketListing(String ownerId);

    /** Sockets of every user that match the filter, with their owners' emails and tunnels, oldest first; one query. */
    List<SocketListing> socketListing(SocketFilter filter);

    Optional<SocketRecord> findSocket(String id);

    Optional<SocketRecord> findSocketByDnsName(String dnsName);

    boolean deleteSocket(String id);

    /** Inserts the tunnel unless its socket has max tunnels already; counted and inserted as one, like sockets. */
    boolean createTunnel(TunnelRecord tunnel, int max);

    List<TunnelRecord> listTunnels(String socketId);

    Optional<TunnelRecord> findTunnel(String id);

    boolean deleteTunnel(String id);

    void setTunnelCredential(String tunnelId, String credentialHash);

    void addTunnelTraffic(String tunnelId, long bytesIn, long bytesOut);

    /** The socket's custom domains, by name. */
    List<CustomDomainRecord> listCustomDomains(String socketId);

    /**
     * The verified claim of that (lower-case) name, whichever socket holds it: its owner. Claims not (yet) proven
     * belong to nobody; several sockets may have one for the same name.
     */
    Optional<CustomDomainRecord> findCustomDomain(String name);

    /** Every socket's claim of that (lower-case) name, whatever its status. */
    List<CustomDomainRecord> customDomainClaims(String name);

    /**
     * Makes the socket's custom domains exactly the names of wanted: a name it holds already keeps its record (and
     * status), a new one is inserted as given, and the unlisted ones are deleted. Counted under the owner's row lock
     * like sockets, so racing updates (on any node) never take the owner's domains, over all their sockets, past
     * maxPerUser; a name another socket has verified fails the whole update (NAME_TAKEN).
     */
    DomainsUpdate setCustomDomains(String socketId, List<CustomDomainRecord> wanted, int maxPerUser);

    /**
     * Starts a new round of checks from now for the socket's pending and failed domains, but for those another socket
     * has verified meanwhile (they stay failed) and those whose round began after roundsFrom (a restart of those
     * would only look them up again at once: "verify" in a loop would be a lookup loop); returns how many.
     */
    int restartCustomDomainChecks(String socketId, long now, long roundsFrom);

    /** Pending domains whose next check is due at now, soonest first, at most limit. */
    List<CustomDomainRecord> dueCustomDomains(long now, int limit);

    /**
     * Takes the check of that socket's pending domain due at expectedNextCheckAt, moving its next one to
     * nextCheckAt; false when another checker (on any node) or a change was first.
     */
    boolean claimCustomDomainCheck(String name, String socketId, long expectedNextCheckAt, long nextCheckAt);

    /**
     * Ends the round of checks of that socket's pending domain that began at checkSince with status (verified or
     * failed); false, changing nothing, when the domain was removed, restarted or settled meanwhile. Verified makes
     * the name this socket's: the other sockets' claims of it fail. When another socket's claim was verified first
     * (on any node), this one fails instead and the answer is false.
     */
    boolean settleCustomDomain(String name, String socketId, long checkSince, String status);

    /** Appends to the audit log; returns the entry with its id. */
    AuditRecord addAudit(AuditRecord entry);

    /** At most limit audit entries with an id below before (null: the newest), newest first. */
    List<AuditRecord> listAudit(Long before, int limit);

    /** Inserts the certificate or replaces the one of that name. */
    void saveCertificate(CertificateRecord c);

    /** Inserts the certificate unless one of that name exists (another node may have issued it); true: inserted. */
    boolean addCertificate(CertificateRecord c);

    Optional<CertificateRecord> findCertificate(String name);

    /** Every certificate, by name. */
    List<CertificateRecord> allCertificates();

    boolean deleteCertificate(String name);

    /** Marks the name for renewal now (the running nodes see it within seconds); false: no such name. */
    boolean requestRenewal(String name);

    /** The ACME engine's account, challenge and lease tables. */
    AcmeTables acme();

    /** Visitor sign-in's sealing key, one-time hand-off codes and ended sessions. */
    VisitorTables visitors();

    int schemaVersion();

    /** Whether several nodes may share this store (PostgreSQL): then each node keeps in step through cluster(). */
    boolean clustered();

    ClusterStore cluster();

    /** Whether the store answers a real (cheap) query now: false once it is closed or its file is unusable. */
    boolean isReachable();

    @Override
    void close();

    /** What an insert with unique columns did. */
    enum Insert { CREATED, NAME_TAKEN, PORT_TAKEN, OVER_SOCKET_QUOTA, OVER_PORT_QUOTA }

    /** What replacing a socket's custom domains did. */
    enum DomainsUpdate { UPDATED, NAME_TAKEN, OVER_QUOTA, NO_SOCKET }

    /** A stored API token. */
    record ApiTokenRecord(String id, String userId, String tokenHash) {
    }
}

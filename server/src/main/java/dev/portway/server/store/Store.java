// Everything the server keeps: one interface so SQLite (default) and later PostgreSQL can serve it.
package dev.portway.server.store;

import java.util.List;
import java.util.Optional;

public interface Store extends AutoCloseable {

    /** Inserts the user; returns false when the email is taken. */
    boolean createUser(User user);

    Optional<User> findUserByEmail(String email);

    Optional<User> findUser(String id);

    /** Disables or re-enables an account (admin). */
    void setUserDisabled(String id, boolean disabled);

    void createApiToken(String tokenId, String userId, String tokenHash, String createdAt);

    /** The token's hash and owner, if the token id exists. */
    Optional<ApiTokenRecord> findApiToken(String tokenId);

    void deleteApiToken(String tokenId);

    /** Inserts the socket unless its dns name or port is taken. */
    Insert createSocket(SocketRecord socket);

    /** Replaces the socket's name and access settings (everything but id, owner, dns name, type and port). */
    boolean updateSocket(SocketRecord socket);

    /** Every socket of every user, for the edge to load its routes at start. */
    List<SocketRecord> allSockets();

    List<SocketRecord> listSockets(String ownerId);

    Optional<SocketRecord> findSocket(String id);

    Optional<SocketRecord> findSocketByDnsName(String dnsName);

    boolean deleteSocket(String id);

    void createTunnel(TunnelRecord tunnel);

    List<TunnelRecord> listTunnels(String socketId);

    Optional<TunnelRecord> findTunnel(String id);

    boolean deleteTunnel(String id);

    void setTunnelCredential(String tunnelId, String credentialHash);

    void addTunnelTraffic(String tunnelId, long bytesIn, long bytesOut);

    int schemaVersion();

    /** Whether the store answers a real (cheap) query now: false once it is closed or its file is unusable. */
    boolean isReachable();

    @Override
    void close();

    /** What an insert with unique columns did. */
    enum Insert { CREATED, NAME_TAKEN, PORT_TAKEN }

    /** A stored API token. */
    record ApiTokenRecord(String id, String userId, String tokenHash) {
    }
}

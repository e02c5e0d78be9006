// The ACME engine's own tables (migration V8): the account per CA directory, pending HTTP-01 answers any node can
// serve, the leases that let one node at a time order a name, each user's recent new orders, and the certificates of
// names no longer served, kept for reuse.
package dev.portway.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

public final class AcmeTables {
    private final Sql sql;

    AcmeTables(Sql sql) {
        this.sql = sql;
    }

    /** An ACME account: its key pair (PEM) and its URL at the CA once registered (null before). */
    public record Account(String directory, String keyPem, String location) {
    }

    public Optional<Account> account(String directory) {
        return sql.one("SELECT directory, key_pem, location FROM acme_accounts WHERE directory = ?",
                rs -> new Account(rs.getString(1), rs.getString(2), rs.getString(3)), directory);
    }

    /**
     * Stores the account's key unless the directory has one already (another node was first); returns the account
     * the store keeps, the one every node must use.
     */
    public Account addAccount(String directory, String keyPem) {
        sql.update("INSERT INTO acme_accounts (directory, key_pem) VALUES (?, ?) ON CONFLICT (directory) DO NOTHING",
                directory, keyPem);
        return account(directory).orElseThrow();
    }

    public void setAccountLocation(String directory, String location) {
        sql.update("UPDATE acme_accounts SET location = ? WHERE directory = ?", location, directory);
    }

    /** Publishes an HTTP-01 answer (now: epoch ms, for pruning). */
    public void putChallenge(String token, String keyAuthorization, long now) {
        sql.update("INSERT INTO acme_challenges (token, key_authorization, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (token) DO UPDATE SET key_authorization = excluded.key_authorization,"
                + " created_at = excluded.created_at", token, keyAuthorization, now);
    }

    /** The key authorization to answer for the token, if a challenge of this server is pending. */
    public Optional<String> challenge(String token) {
        return sql.one("SELECT key_authorization FROM acme_challenges WHERE token = ?", rs -> rs.getString(1), token);
    }

    public void removeChallenge(String token) {
        sql.update("DELETE FROM acme_challenges WHERE token = ?", token);
    }

    /** Drops answers older than before (epoch ms): left behind by a node that died mid-order. */
    public void pruneChallenges(long before) {
        sql.update("DELETE FROM acme_challenges WHERE created_at < ?", before);
    }

    /**
     * Takes the name's lease for the node until expiresAt (epoch ms) when it is free, expired at now, or the node's
     * own (then renews it). One statement, so two nodes cannot both take it. True: the node holds it.
     */
    public boolean takeLease(String name, String nodeId, long now, long expiresAt) {
        return sql.update("INSERT INTO acme_leases (name, node_id, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET node_id = excluded.node_id, expires_at = excluded.expires_at"
                + " WHERE acme_leases.expires_at <= ? OR acme_leases.node_id = excluded.node_id",
                name, nodeId, expiresAt, now) > 0;
    }

    /** Ends the node's lease of the name; another node's stays. */
    public void releaseLease(String name, String nodeId) {
        sql.update("DELETE FROM acme_leases WHERE name = ? AND node_id = ?", name, nodeId);
    }

    /**
     * Counts a new order for the owner's name at now (epoch ms) unless the owner has max orders counted since then;
     * true: counted, go ahead. One statement: on SQLite exact; on PostgreSQL nodes racing for one owner at the same
     * instant may each pass once.
     */
    public boolean takeOrder(String ownerId, String name, long now, long since, int max) {
        return sql.update("INSERT INTO acme_orders (owner_id, name, ordered_at) SELECT ?, ?, ? WHERE (SELECT COUNT(*)"
                + " FROM acme_orders WHERE owner_id = ? AND ordered_at > ?) < ?", ownerId, name, now, ownerId, since,
                max) > 0;
    }

    /** When the owner's oldest order counted since then (epoch ms) was placed; empty: none. */
    public Optional<Long> oldestOrder(String ownerId, long since) {
        return sql.one("SELECT MIN(ordered_at) FROM acme_orders WHERE owner_id = ? AND ordered_at > ?",
                rs -> rs.getObject(1) == null ? null : rs.getLong(1), ownerId, since);
    }

    /** Forgets orders placed before (epoch ms): they count no more. */
    public void pruneOrders(long before) {
        sql.update("DELETE FROM acme_orders WHERE ordered_at < ?", before);
    }

    /** Keeps an issued certificate of a name no longer served, from now (epoch ms), for reuse. */
    public void release(CertificateRecord c, long now) {
        sql.update("INSERT INTO acme_released (name, chain_pem, key_pem, issuer, not_before, not_after,"
                + " next_attempt_at, released_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                + " chain_pem = excluded.chain_pem, key_pem = excluded.key_pem, issuer = excluded.issuer,"
                + " not_before = excluded.not_before, not_after = excluded.not_after,"
                + " next_attempt_at = excluded.next_attempt_at, released_at = excluded.released_at", c.name(),
                c.chainPem(), c.keyPem(), c.issuer(), c.notBefore(), c.notAfter(), c.nextAttemptAt(), now);
    }

    /** The kept certificate of the name, as a record wanted again at now (ISO-8601), if there is one. */
    public Optional<CertificateRecord> released(String name, String now) {
        return sql.one("SELECT * FROM acme_released WHERE name = ?", rs -> new CertificateRecord(rs.getString(
                "name"), rs.getString("chain_pem"), rs.getString("key_pem"), rs.getString("issuer"),
                rs.getString("not_before"), rs.getString("not_after"), null, rs.getString("next_attempt_at"), false,
                now), name);
    }

    public void dropReleased(String name) {
        sql.update("DELETE FROM acme_released WHERE name = ?", name);
    }

    /** Drops certificates released before (epoch ms). */
    public void pruneReleased(long before) {
        sql.update("DELETE FROM acme_released WHERE released_at < ?", before);
    }

    /**
     * Stores what an order of the name came to, only while the name is still wanted: unlike saveCertificate it never
     * brings back a row deleted meanwhile (the socket went while its order ran), which would be renewed for ever.
     * False: no such row.
     */
    public boolean updateCertificate(CertificateRecord c) {
        return sql.update("UPDATE certificates SET chain_pem = ?, key_pem = ?, issuer = ?, not_before = ?,"
                + " not_after = ?, last_error = ?, next_attempt_at = ?, renew_requested = ?, updated_at = ?"
                + " WHERE name = ?", c.chainPem(), c.keyPem(), c.issuer(), c.notBefore(), c.notAfter(), c.lastError(),
                c.nextAttemptAt(), c.renewRequested() ? 1 : 0, c.updatedAt(), c.name()) > 0;
    }

    /** Each certificate's name and updated_at, cheap to poll: a node reloads only the rows whose stamp changed. */
    public Map<String, String> certificateStamps() {
        Map<String, String> out = new LinkedHashMap<>();
        sql.many("SELECT name, updated_at FROM certificates ORDER BY name", rs -> out.put(rs.getString(1),
                rs.getString(2)));
        return out;
    }
}

// The sockets (migrations V1, V2, V4, V9): created within their owner's quota, read with their verified custom domains,
// and listed with their owners, tunnels and domain claims in one query.
package dev.portway.server.store;

import dev.portway.protocol.api.SocketType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

final class SocketTables {
    /**
     * Each socket with its owner's email and a row per tunnel and per domain claim (kind 'tunnel' or 'domain', the
     * columns of both tables lined up), or one row with no kind when it has neither.
     */
    private static final String LISTING = "SELECT s.*, u.email AS owner_email, c.kind AS c_kind, c.id AS c_id,"
            + " c.text1 AS c_text1, c.text2 AS c_text2, c.number1 AS c_number1, c.number2 AS c_number2,"
            + " c.created_at AS c_created_at FROM sockets s JOIN users u ON u.id = s.owner_id LEFT JOIN"
            + " (SELECT 'tunnel' AS kind, socket_id, id, credential_hash AS text1, NULL AS text2, bytes_in AS number1,"
            + " bytes_out AS number2, created_at FROM tunnels UNION ALL SELECT 'domain', socket_id, name, txt_value,"
            + " status, check_since, next_check_at, created_at FROM custom_domains) c ON c.socket_id = s.id";
    /**
     * A socket's tunnels oldest first, its domain claims by name (c.id) in the database's collation, as the
     * socket's own page lists them (DomainTables.list).
     */
    private static final String LISTING_ORDER = " ORDER BY s.created_at, s.id, c.kind,"
            + " CASE WHEN c.kind = 'tunnel' THEN c.created_at END, c.id";

    private final Sql sql;

    SocketTables(Sql sql) {
        this.sql = sql;
    }

    /**
     * Under the owner's row lock the counts are of committed rows, each statement's own (PostgreSQL's read
     * committed): a racing creation of the same account waits for this one to end, then counts it. On a conflict the
     * database's rows tell which (its error names a constraint only in message text).
     */
    Store.Insert create(SocketRecord s, Quota defaults) {
        return sql.inTransaction(tx -> {
            Quota quota = UserTables.lockOwner(tx, s.ownerId(), defaults)
                    .orElseThrow(() -> new SQLException("no user " + s.ownerId()));
            if (tx.count("SELECT COUNT(*) FROM sockets WHERE owner_id = ?", s.ownerId()) >= quota.sockets()) {
                return Store.Insert.OVER_SOCKET_QUOTA;
            }
            if (s.port() != null && tx.count("SELECT COUNT(*) FROM sockets WHERE owner_id = ?"
                    + " AND (port IS NOT NULL OR udp_port IS NOT NULL)", s.ownerId()) >= quota.ports()) {
                return Store.Insert.OVER_PORT_QUOTA;
            }
            boolean udp = SocketType.isUdp(s.socketType());
            if (tx.insertUnique("INSERT INTO sockets (id, owner_id, name, dns_name, socket_type, port, udp_port,"
                    + " protected, username, password_hash, allow_ips, created_at, allowed_emails,"
                    + " allowed_email_domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.ownerId(),
                    s.name(), s.dnsName(), s.socketType(), udp ? null : s.port(), udp ? s.port() : null,
                    s.isProtected() ? 1 : 0, s.username(), s.passwordHash(),
                    String.join(",", s.allowIps()), s.createdAt(), String.join(",", s.allowedEmails()),
                    String.join(",", s.allowedEmailDomains()))) {
                return Store.Insert.CREATED;
            }
            tx.rollback();
            if (s.port() != null && tx.count("SELECT COUNT(*) FROM sockets WHERE " + (udp ? "udp_port" : "port")
                    + " = ?", s.port()) > 0) {
                return Store.Insert.PORT_TAKEN;
            }
            return Store.Insert.NAME_TAKEN;
        });
    }

    boolean update(SocketRecord s) {
        return sql.update("UPDATE sockets SET name = ?, protected = ?, username = ?, password_hash = ?, allow_ips = ?,"
                + " allowed_emails = ?, allowed_email_domains = ? WHERE id = ?", s.name(), s.isProtected() ? 1 : 0,
                s.username(), s.passwordHash(), String.join(",", s.allowIps()), String.join(",", s.allowedEmails()),
                String.join(",", s.allowedEmailDomains()), s.id()) > 0;
    }

    List<SocketRecord> all() {
        return withDomains(sql.many("SELECT * FROM sockets ORDER BY created_at, id", SocketTables::socket));
    }

    List<SocketRecord> ofOwner(String ownerId) {
        return withDomains(sql.many("SELECT * FROM sockets WHERE owner_id = ? ORDER BY created_at, id",
                SocketTables::socket, ownerId));
    }

    int count() {
        return sql.count("SELECT COUNT(*) FROM sockets");
    }

    Optional<SocketRecord> byId(String id) {
        return withDomains(sql.many("SELECT * FROM sockets WHERE id = ?", SocketTables::socket, id)).stream()
                .findFirst();
    }

    Optional<SocketRecord> byDnsName(String dnsName) {
        return withDomains(sql.many("SELECT * FROM sockets WHERE lower(dns_name) = lower(?)", SocketTables::socket,
                dnsName)).stream().findFirst();
    }

    boolean delete(String id) {
        return sql.update("DELETE FROM sockets WHERE id = ?", id) > 0;
    }

    /** The owner's sockets as their list shows them, oldest first. */
    List<SocketListing> listingOf(String ownerId) {
        return listing(LISTING + " WHERE s.owner_id = ?" + LISTING_ORDER, ownerId);
    }

    /** Sockets of every user that match the filter as the admin's list shows them, oldest first. */
    List<SocketListing> listing(SocketFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.user() != null) {
            where.append(" AND (s.owner_id = ? OR LOWER(u.email) = LOWER(?))");
            args.add(filter.user());
            args.add(filter.user());
        }
        if (filter.socketType() != null) {
            where.append(" AND s.socket_type = ?");
            args.add(filter.socketType());
        }
        if (filter.query() != null) {
            String like = "%" + filter.query().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            where.append(" AND (LOWER(s.name) LIKE ? ESCAPE '!' OR LOWER(s.dns_name) LIKE ? ESCAPE '!')");
            args.add(like);
            args.add(like);
        }
        return listing(LISTING + where + LISTING_ORDER, args.toArray());
    }

    /** Folds the rows of LISTING (a socket's rows are adjacent) into one listing per socket. */
    private List<SocketListing> listing(String statement, Object... args) {
        Map<String, Rows> bySocket = new LinkedHashMap<>();
        sql.many(statement, rs -> {
            Rows rows = bySocket.get(rs.getString("id"));
            if (rows == null) {
                rows = new Rows(socket(rs), rs.getString("owner_email"));
                bySocket.put(rows.socket.id(), rows);
            }
            String kind = rs.getString("c_kind");
            if ("tunnel".equals(kind)) {
                rows.tunnels.add(new TunnelRecord(rs.getString("c_id"), rows.socket.id(), rs.getString("c_text1"),
                        rs.getLong("c_number1"), rs.getLong("c_number2"), rs.getString("c_created_at")));
            } else if ("domain".equals(kind)) {
                rows.domains.add(new CustomDomainRecord(rs.getString("c_id"), rows.socket.id(),
                        rs.getString("c_text1"), rs.getString("c_text2"), rs.getLong("c_number1"),
                        rs.getLong("c_number2"), rs.getString("c_created_at")));
            }
            return rows;
        }, args);
        return bySocket.values().stream().map(Rows::listing).toList();
    }

    /** One socket's rows of LISTING as they are read. */
    private static final class Rows {
        final SocketRecord socket;
        final String ownerEmail;
        final List<TunnelRecord> tunnels = new ArrayList<>();
        final List<CustomDomainRecord> domains = new ArrayList<>();

        Rows(SocketRecord socket, String ownerEmail) {
            this.socket = socket;
            this.ownerEmail = ownerEmail;
        }

        SocketListing listing() {
            List<String> verified = domains.stream().filter(d -> d.status().equals("verified"))
                    .map(CustomDomainRecord::name).toList();
            return new SocketListing(socket.withDomains(verified), ownerEmail, tunnels, domains);
        }
    }

    /** The sockets with their verified custom domains: what the edge routes to each besides its dns name. */
    private List<SocketRecord> withDomains(List<SocketRecord> sockets) {
        if (sockets.isEmpty()) {
            return sockets;
        }
        String verified = "SELECT socket_id, name FROM custom_domains WHERE status = 'verified'";
        Sql.RowMapper<String[]> row = rs -> new String[]{rs.getString(1), rs.getString(2)};
        List<String[]> rows = sockets.size() == 1
                ? sql.many(verified + " AND socket_id = ? ORDER BY name", row, sockets.get(0).id())
                : sql.many(verified + " ORDER BY name", row);
        if (rows.isEmpty()) {
            return sockets;
        }
        Map<String, List<String>> bySocket = new HashMap<>();
        rows.forEach(r -> bySocket.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]));
        return sockets.stream().map(s -> s.withDomains(bySocket.getOrDefault(s.id(), List.of()))).toList();
    }

    private static SocketRecord socket(ResultSet rs) throws SQLException {
        // A socket's one dedicated port: UDP for udp sockets, TCP for the others (SocketType.isUdp tells which).
        int port = rs.getInt(SocketType.isUdp(rs.getString("socket_type")) ? "udp_port" : "port");
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
}

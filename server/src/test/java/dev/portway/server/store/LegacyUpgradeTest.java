// A database made by the migration code before Flyway (schema_version 1-3, SQLite) upgrades in place: the new store
// baselines it at version 3, applies only what came after, keeps every row, and goes on working.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyUpgradeTest {
    @TempDir
    Path dir;

    /** The old schema and its rows, from test resources, statement by statement (each ends a line with ";"). */
    private Path legacyDatabase() throws Exception {
        Path file = dir.resolve("portway.db");
        String script;
        try (InputStream in = LegacyUpgradeTest.class.getResourceAsStream("/legacy/schema-v3.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            StringBuilder statement = new StringBuilder();
            for (String line : script.split("\n")) {
                if (line.startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    st.execute(statement.toString());
                    statement.setLength(0);
                }
            }
        }
        return file;
    }

    private static List<String> rows(Path file, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void anOldDatabaseOpensKeepsItsRowsAndGoesOn() throws Exception {
        Path file = legacyDatabase();
        StoreLocation location = StoreLocation.sqlite(file);
        try (Store store = JdbcStore.open(location)) {
            assertEquals(StoreContractTest.LATEST, store.schemaVersion());
            User ann = store.findUserByEmail("ann@example.com").orElseThrow();
            assertEquals("u1", ann.id());
            assertTrue(ann.admin());
            assertEquals("2026-03-02T00:00:00Z", ann.lastSeenAt());
            assertTrue(store.findUser("u2").orElseThrow().disabled());
            assertEquals("u1", store.findApiToken("tok1").orElseThrow().userId());
            SocketRecord web = store.findSocketByDnsName("RED-SKY-0001.localhost").orElseThrow();
            assertEquals(new SocketRecord("s1", "u1", "web", "red-sky-0001.localhost", "http", null, true, "alice",
                    "ph", List.of("10.0.0.0/8"), "2026-01-03T00:00:00Z"), web);
            assertEquals(20005, store.findSocket("s2").orElseThrow().port());
            assertEquals(5_000_000_000L, store.findTunnel("t1").orElseThrow().bytesIn());
            assertEquals(List.of("user Ann@Example.com"), store.listAudit(null, 10).stream()
                    .map(AuditRecord::target).toList());

            assertFalse(store.createUser(StoreContractTest.user("u3", "ANN@example.com")), "emails stay unique");
            assertEquals(Store.Insert.PORT_TAKEN, store.createSocket(
                    StoreContractTest.socket("s3", "u1", "green-hill-0003.localhost").withPort(20005),
                    StoreContractTest.ROOMY));
            assertEquals(Store.Insert.NAME_TAKEN, store.createSocket(
                    StoreContractTest.socket("s3", "u1", "Blue-Sea-0002.localhost"), StoreContractTest.ROOMY));
            assertEquals(2, store.addAudit(new AuditRecord(0, "2026-04-01T00:00:00Z", "u1", "ann@example.com",
                    "login", "user ann@example.com", null, "127.0.0.1")).id(), "audit ids go on from the old ones");
            store.addTunnelTraffic("t1", 1, 1);
        }
        assertEquals(List.of("3:BASELINE", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL",
                "11:SQL"),
                rows(file, "SELECT version || ':' || type FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals(List.of(), rows(file, "SELECT name FROM sqlite_master WHERE name = 'schema_version'"),
                "the old history table is gone once Flyway keeps the history");
        try (Store store = JdbcStore.open(location)) {
            assertEquals(5_000_000_001L, store.findTunnel("t1").orElseThrow().bytesIn(), "and it reopens as usual");
            assertEquals(2, store.listUsers().size(), "two accounts, as before the upgrade");
        }
    }

    /** The fixture as the old code's version 2 left it (as far as version 3 matters), with the given admins. */
    private Path atVersion2(String admins) throws Exception {
        Path file = legacyDatabase();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("DROP TABLE audit_log");
            st.execute("DROP INDEX api_tokens_user");
            st.execute("ALTER TABLE users DROP COLUMN last_seen_at");
            st.execute("DELETE FROM schema_version WHERE version = 3");
            st.execute("UPDATE users SET is_admin = CASE WHEN id IN (" + admins + ") THEN 1 ELSE 0 END");
        }
        return file;
    }

    @Test
    void aDatabaseAtVersion2GetsVersion3AndItsOldestAccountBecomesAdmin() throws Exception {
        try (Store store = JdbcStore.open(StoreLocation.sqlite(atVersion2("''")))) {
            assertEquals(StoreContractTest.LATEST, store.schemaVersion());
            assertTrue(store.findUser("u1").orElseThrow().admin(), "a server without an admin gets its oldest");
            assertFalse(store.findUser("u2").orElseThrow().admin());
            assertTrue(store.findApiToken("tok1").isEmpty(), "version 3 drops tokens of the old hash");
            assertEquals(1, store.addAudit(new AuditRecord(0, "now", null, null, "login", null, null, null)).id());
        }
    }

    @Test
    void aDatabaseAtVersion2WithAnAdminKeepsItsAdmins() throws Exception {
        try (Store store = JdbcStore.open(StoreLocation.sqlite(atVersion2("'u2'")))) {
            assertFalse(store.findUser("u1").orElseThrow().admin());
            assertTrue(store.findUser("u2").orElseThrow().admin());
        }
    }
}

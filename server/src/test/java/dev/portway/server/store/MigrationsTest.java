// Migrations bring a new database to the latest version, are idempotent, and refuse a newer schema.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
    }

    @Test
    void createsEveryTableAndRecordsTheVersion() throws SQLException {
        try (Connection c = open()) {
            assertEquals(Migrations.latest(), Migrations.migrate(c));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                List<String> tables = new java.util.ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                assertTrue(tables.containsAll(List.of("users", "api_tokens", "sockets", "tunnels",
                        "schema_version", "audit_log")), tables.toString());
            }
        }
    }

    @Test
    void runningTwiceChangesNothing() throws SQLException {
        try (Connection c = open()) {
            Migrations.migrate(c);
            assertEquals(Migrations.latest(), Migrations.migrate(c));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                assertEquals(Migrations.latest(), rs.getInt(1));
            }
        }
    }

    @Test
    void refusesADatabaseFromANewerServer() throws SQLException {
        try (Connection c = open()) {
            Migrations.migrate(c);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO schema_version VALUES (99, 'future', 'now')");
            }
            SQLException e = assertThrows(SQLException.class, () -> Migrations.migrate(c));
            assertTrue(e.getMessage().contains("newer"), e.getMessage());
        }
    }

    /** Builds the schema as version 2 left it. */
    private static void atVersion2(Statement st) throws Exception {
        st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                + " applied_at TEXT NOT NULL)");
        for (int v = 1; v <= 2; v++) {
            String file = Migrations.FILES.get(v - 1);
            try (var in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
                for (String sql : Migrations.statements(new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO schema_version VALUES (" + v + ", '" + file + "', 'then')");
        }
    }

    private static List<String> admins(Statement st) throws SQLException {
        List<String> ids = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT id FROM users WHERE is_admin = 1")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    void version3MakesTheOldestAccountAdminAndDropsKdfHashedTokens() throws Exception {
        try (Connection c = open(); Statement st = c.createStatement()) {
            atVersion2(st);
            st.execute("INSERT INTO users (id, email, password_hash, created_at) VALUES"
                    + " ('young', 'b@example.com', 'h', '2026-02-01T00:00:00Z'),"
                    + " ('old', 'a@example.com', 'h', '2026-01-01T00:00:00Z')");
            st.execute("INSERT INTO api_tokens VALUES ('t1', 'old', 'pbkdf2-sha256$10000$x$y', 'then')");
            assertEquals(Migrations.latest(), Migrations.migrate(c));
            assertEquals(List.of("old"), admins(st));
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM api_tokens")) {
                assertEquals(0, rs.getInt(1), "old tokens cannot be checked any more: their owners sign in again");
            }
        }
    }

    @Test
    void version3LeavesAServerWithAnAdminAsItIs() throws Exception {
        try (Connection c = open(); Statement st = c.createStatement()) {
            atVersion2(st);
            st.execute("INSERT INTO users (id, email, password_hash, is_admin, created_at) VALUES"
                    + " ('old', 'a@example.com', 'h', 0, '2026-01-01T00:00:00Z'),"
                    + " ('young', 'b@example.com', 'h', 1, '2026-02-01T00:00:00Z')");
            Migrations.migrate(c);
            assertEquals(List.of("young"), admins(st));
        }
    }

    @Test
    void splitsScriptsIntoStatements() {
        List<String> parts = Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n ON a (x);\n");
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)"), parts);
    }
}

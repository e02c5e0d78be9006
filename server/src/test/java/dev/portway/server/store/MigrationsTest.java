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
                        "schema_version")), tables.toString());
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

    @Test
    void splitsScriptsIntoStatements() {
        List<String> parts = Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n ON a (x);\n");
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)"), parts);
    }
}

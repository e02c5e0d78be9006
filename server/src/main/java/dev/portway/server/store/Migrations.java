// Applies the versioned SQL files in db/migration (V<n>__<what>.sql) that a database has not seen yet.
package dev.portway.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public final class Migrations {
    /** Every migration, in order. A new schema change is a new file and a new line here; old ones never change. */
    static final List<String> FILES = List.of("V1__init.sql", "V2__socket_access.sql", "V3__admin.sql");

    private Migrations() {
    }

    public static int latest() {
        return FILES.size();
    }

    /** Brings the schema up to date; returns the version it is at. */
    public static int migrate(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        int current = current(conn);
        if (current > FILES.size()) {
            throw new SQLException("the database has schema version " + current
                    + ", newer than this server knows (" + FILES.size() + "); upgrade the server");
        }
        for (int v = current + 1; v <= FILES.size(); v++) {
            apply(conn, v, FILES.get(v - 1));
        }
        return current(conn);
    }

    static int current(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.getInt(1);
        }
    }

    private static void apply(Connection conn, int version, String file) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            for (String sql : statements(read(file))) {
                st.execute(sql);
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, file);
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
            }
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw new SQLException("migration " + file + " failed: " + e.getMessage(), e);
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private static String read(String file) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new SQLException("migration " + file + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + file, e);
        }
    }

    /** Splits a script on semicolons at line ends, dropping comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(cur.toString().strip().replaceAll(";$", ""));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}

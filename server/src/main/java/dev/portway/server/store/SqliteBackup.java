// A consistent copy of a live SQLite database, made with SQLite's online backup API into a new owner-only file,
// without the key that seals visitors' session cookies (a stolen backup must not mint sessions; visitors of a
// restored server sign in again).
package dev.portway.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

public final class SqliteBackup {
    /** A busy source (a checkpoint in progress) is retried this often, this many milliseconds apart. */
    private static final int BUSY_RETRIES = 50;
    private static final int BUSY_SLEEP_MILLIS = 100;
    /** Every page in one step: one read transaction, so a server writing meanwhile never restarts the copy. */
    private static final int ALL_PAGES = -1;

    /** What was written: its size and the schema version found in it. */
    public record Result(long bytes, int schemaVersion) {
    }

    private SqliteBackup() {
    }

    /**
     * Copies the database at source into target, which must not exist (FileAlreadyExistsException otherwise).
     * The copy is checked by opening it; on any failure no file is left behind.
     */
    public static Result copy(Path source, Path target) throws IOException, SQLException {
        createOwnerOnly(target);
        boolean done = false;
        try {
            SQLiteConfig readOnly = new SQLiteConfig();
            // Read-only: a wrong path must fail, not leave an empty database where the server's should be.
            readOnly.setReadOnly(true);
            try (Connection conn = readOnly.createConnection("jdbc:sqlite:" + source.toAbsolutePath())) {
                int rc = conn.unwrap(SQLiteConnection.class).getDatabase().backup("main",
                        target.toAbsolutePath().toString(), null, BUSY_SLEEP_MILLIS, BUSY_RETRIES, ALL_PAGES);
                if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                    throw new SQLException("SQLite error " + rc + " while copying");
                }
            }
            // The driver reports a source that stayed busy as success with nothing copied: look inside.
            int version = check(target);
            done = true;
            return new Result(Files.size(target), version);
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Owner-only from the first byte, and never over an existing file (CREATE_NEW is atomic). */
    private static void createOwnerOnly(Path target) throws IOException {
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(target, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(target);
        }
    }

    /**
     * Opens the copy, turns it into a plain single file (the source's WAL mode would make it come with -wal and -shm
     * companions when opened; the server switches WAL on again when it opens a restored copy), and checks it.
     */
    private static int check(Path copy) throws SQLException {
        try (Connection conn = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy.toAbsolutePath());
             Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode = DELETE");
            dropSealingKeys(st);
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("the copy fails SQLite's check: " + verdict);
                }
            }
            int version = Math.max(version(st, "SELECT MAX(CAST(version AS INTEGER)) FROM " + Schema.HISTORY_TABLE
                    + " WHERE success = 1"), version(st, "SELECT MAX(version) FROM " + Schema.LEGACY_TABLE));
            if (version < 1) {
                throw new SQLException("the copy holds no Portway schema (the source stayed busy, or is not a"
                        + " Portway database)");
            }
            return version;
        }
    }

    /** Removes the visitor sign-in keys (V10's visitor_keys), their bytes overwritten, not only unlinked. */
    private static void dropSealingKeys(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
                + "'visitor_keys'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return; // a database from before e-mail sign-in
            }
        }
        st.execute("PRAGMA secure_delete = ON");
        st.execute("DELETE FROM visitor_keys");
    }

    /**
     * The schema version by one history table: Flyway's, or (a database the running server has not upgraded yet) the
     * one before; 0 without that table.
     */
    private static int version(Statement st, String query) {
        try (ResultSet rs = st.executeQuery(query)) {
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;
        }
    }
}

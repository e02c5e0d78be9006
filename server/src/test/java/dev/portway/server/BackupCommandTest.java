// "portway server backup": a consistent, owner-only copy of a database that a running server keeps writing to;
// an existing file or a missing database is one line and exit 1, and leaves nothing behind.
package dev.portway.server;

import static dev.portway.server.MainRuns.run;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.MainRuns.Run;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.TunnelRecord;
import dev.portway.server.store.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class BackupCommandTest {
    @TempDir
    Path dir;

    @Test
    void copiesTheDatabaseOfARunningServerWhileItWrites() throws Exception {
        Path data = dir.resolve("data");
        Path out = Files.createDirectories(dir.resolve("backups"));
        Path copy = out.resolve("portway-backup.db");
        Path stderr = dir.resolve("backup-stderr.txt");
        try (PortwayServer server = TestServers.start(data)) {
            var store = server.store();
            store.createUser(new User("u1", "ann@example.com", "hash", false, false, "2026-01-01T00:00:00Z"));
            store.createSocket(SocketRecord.open("s1", "u1", "web", "red-sky-0001.localhost", "http", null,
                    "2026-01-01T00:00:00Z"), new dev.portway.server.store.Quota(1, 1));
            store.createTunnel(new TunnelRecord("t1", "s1", "h", 0, 0, "2026-01-01T00:00:00Z"), 1);
            store.visitors().key("sealing", "SEALING-KEY-FOR-THE-TEST", 1);
            // The server keeps writing while the copy is made: the copy must still be whole and consistent.
            // A write about every millisecond: busy enough to overlap the copy, idle enough to leave the CPU to
            // the backup's JVM.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    store.addTunnelTraffic("t1", 1, 1);
                    writes.incrementAndGet();
                    LockSupport.parkNanos(1_000_000);
                }
            });
            writer.start();
            Process backup;
            String printed;
            long writesBefore;
            long writesAfter;
            try {
                // Its own process, as an operator runs it next to the server's. Its stderr is kept apart: the
                // driver may log there when other JVMs clean up their native libraries in /tmp at the same moment.
                await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() > 0);
                writesBefore = writes.get();
                backup = javaMain(stderr, "backup", copy.toString(), "--data", data.toString());
                printed = new String(backup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(backup.waitFor(60, TimeUnit.SECONDS));
                writesAfter = writes.get();
            } finally {
                stop.set(true);
                writer.join();
            }
            String said = printed + Files.readString(stderr);
            assertEquals(0, backup.exitValue(), said);
            assertTrue(writesAfter > writesBefore, "the server wrote while the backup ran");
            List<String> lines = printed.lines().toList();
            assertEquals(2, lines.size(), said);
            assertTrue(lines.get(0).startsWith("wrote   " + copy.toAbsolutePath() + " ("), said);
            assertEquals("not in  " + data.resolve("tls").toAbsolutePath()
                    + " (TLS key and certificate): copy that folder too", lines.get(1));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        try (var files = Files.list(out)) {
            assertEquals(List.of("portway-backup.db"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "one plain file: no -wal, -shm or -journal beside it");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement st = c.createStatement()) {
            assertEquals(List.of("ann@example.com"), column(st, "SELECT email FROM users"));
            assertEquals(List.of("red-sky-0001.localhost"), column(st, "SELECT dns_name FROM sockets"));
            assertEquals(List.of("t1"), column(st, "SELECT id FROM tunnels"));
            assertEquals(List.of("delete"), column(st, "PRAGMA journal_mode"), "a standalone file, not WAL");
            assertEquals(List.of(), column(st, "SELECT name FROM visitor_keys"), "the sealing key stays behind");
        }
        assertFalse(new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1)
                .contains("SEALING-KEY-FOR-THE-TEST"), "not even in a free page");
        // Restored as deploy.md says (the copy becomes DATA/portway.db), a server starts on it with the data.
        Path restored = Files.createDirectories(dir.resolve("restored"));
        Files.copy(copy, restored.resolve("portway.db"));
        try (PortwayServer server = TestServers.start(restored)) {
            assertTrue(server.store().findSocketByDnsName("red-sky-0001.localhost").isPresent());
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path data = dir.resolve("data");
        try (PortwayServer ignored = TestServers.start(data)) {
            Path existing = Files.writeString(dir.resolve("keep.db"), "precious");
            Run r = run("backup", existing.toString(), "--data", data.toString());
            assertEquals(1, r.code());
            assertEquals("portway server backup: " + existing + " already exists; a backup never overwrites a file,"
                    + " give a new name", r.err().strip());
            assertEquals("", r.out());
            assertArrayEquals("precious".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(existing));
        }
    }

    @Test
    void aMissingDatabaseIsOneLineAndCreatesNothing() throws Exception {
        Path copy = dir.resolve("copy.db");
        Run r = run("backup", copy.toString(), "--data", dir.resolve("nowhere").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("portway server backup: no database at "), r.err());
        assertFalse(Files.exists(copy));
        assertFalse(Files.exists(dir.resolve("nowhere")), "a backup never makes a data directory");

        Run noFile = run("backup");
        assertEquals(2, noFile.code());
        assertEquals(1, noFile.err().strip().lines().count(), noFile.err());
    }

    @Test
    void aPostgresStoreIsLeftToPgDump() {
        Path copy = dir.resolve("copy.db");
        Run r = run("backup", copy.toString(), "--store", "postgres://user:s3cret@127.0.0.1:5432/portway");
        assertEquals(1, r.code());
        assertEquals("portway server backup: this command copies a SQLite store, not postgres://127.0.0.1:5432/"
                + "portway: back a PostgreSQL store up with pg_dump (e.g. pg_dump -Fc -f FILE DATABASE)", r.err()
                .strip());
        assertFalse(Files.exists(copy));
    }

    private static List<String> column(Statement st, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Process javaMain(Path stderr, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }
}

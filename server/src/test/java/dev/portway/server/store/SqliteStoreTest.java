// The SQLite store keeps users, tokens, sockets and tunnels, enforces uniqueness, cascades, and survives reopening.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    @TempDir
    Path dir;

    private static User user(String id, String email) {
        return new User(id, email, "hash", false, false, "2026-01-01T00:00:00Z");
    }

    private static SocketRecord socket(String id, String owner, String dns) {
        return SocketRecord.open(id, owner, "name " + id, dns, "http", null, "2026-01-01T00:00:00Z");
    }

    @Test
    void usersAreUniqueByEmailIgnoringCase() {
        try (Store store = new SqliteStore(dir.resolve("s.db"))) {
            assertTrue(store.createUser(user("u1", "a@example.com")));
            assertFalse(store.createUser(user("u2", "A@Example.com")));
            assertEquals("u1", store.findUserByEmail("A@EXAMPLE.COM").orElseThrow().id());
        }
    }

    @Test
    void socketsAndTunnelsCascadeAndCountTraffic() {
        try (Store store = new SqliteStore(dir.resolve("s.db"))) {
            store.createUser(user("u1", "a@example.com"));
            assertEquals(Store.Insert.CREATED, store.createSocket(socket("s1", "u1", "red-sky-0001.localhost")));
            assertEquals(Store.Insert.NAME_TAKEN, store.createSocket(socket("s2", "u1", "red-sky-0001.localhost")),
                    "dns names are unique");
            store.createTunnel(new TunnelRecord("t1", "s1", "h", 0, 0, "2026-01-01T00:00:00Z"));
            store.addTunnelTraffic("t1", 10, 20);
            store.addTunnelTraffic("t1", 1, 2);
            TunnelRecord t = store.findTunnel("t1").orElseThrow();
            assertEquals(11, t.bytesIn());
            assertEquals(22, t.bytesOut());
            assertEquals("s1", store.findSocketByDnsName("RED-SKY-0001.localhost").orElseThrow().id());
            assertTrue(store.deleteSocket("s1"));
            assertTrue(store.findTunnel("t1").isEmpty(), "deleting a socket deletes its tunnels");
            assertFalse(store.deleteSocket("s1"));
        }
    }

    @Test
    void dedicatedPortsAreUniqueAndAccessSettingsRoundTrip() {
        try (Store store = new SqliteStore(dir.resolve("s.db"))) {
            store.createUser(user("u1", "a@example.com"));
            SocketRecord tcp = socket("s1", "u1", "red-sky-0001.localhost").withPort(20001);
            assertEquals(Store.Insert.CREATED, store.createSocket(tcp));
            assertEquals(Store.Insert.PORT_TAKEN,
                    store.createSocket(socket("s2", "u1", "red-sky-0002.localhost").withPort(20001)),
                    "a port is never handed to a second socket");
            SocketRecord guarded = new SocketRecord("s1", "u1", "renamed", tcp.dnsName(), "http", 20001, true,
                    "alice", "pbkdf2-sha256$1$x$y", java.util.List.of("127.0.0.1/32", "::1/128"), tcp.createdAt());
            assertTrue(store.updateSocket(guarded));
            assertEquals(guarded, store.findSocket("s1").orElseThrow());
            assertEquals(1, store.allSockets().size());
        }
    }

    @Test
    void dataSurvivesReopening() throws Exception {
        Path file = dir.resolve("s.db");
        try (Store store = new SqliteStore(file)) {
            store.createUser(user("u1", "a@example.com"));
            store.createSocket(socket("s1", "u1", "blue-sea-0002.localhost"));
            store.createApiToken("tok", "u1", "th", "2026-01-01T00:00:00Z");
        }
        try (Store store = new SqliteStore(file)) {
            assertEquals(1, store.listSockets("u1").size());
            assertEquals("u1", store.findApiToken("tok").orElseThrow().userId());
            assertEquals(Migrations.latest(), store.schemaVersion());
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)), "the database is owner-only");
    }
}

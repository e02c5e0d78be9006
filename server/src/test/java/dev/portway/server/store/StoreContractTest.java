// What every store does, on SQLite and on PostgreSQL alike (one subclass each): keeps users, tokens, sockets and
// tunnels, enforces uniqueness and the one-admin rule in the database (also against racing writers), cascades,
// numbers audit entries, survives reopening, and refuses a schema newer than it knows.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

abstract class StoreContractTest {
    /** The schema version this build's migrations end at (db/migration/V10__…). */
    static final int LATEST = 11;

    /** Quotas no test of uniqueness reaches. */
    static final Quota ROOMY = new Quota(100, 100);

    /** A new, empty database for one test. */
    abstract StoreLocation newLocation();

    static User user(String id, String email) {
        return new User(id, email, "hash", false, false, "2026-01-01T00:00:00Z");
    }

    static SocketRecord socket(String id, String owner, String dns) {
        return SocketRecord.open(id, owner, "name " + id, dns, "http", null, "2026-01-01T00:00:00Z");
    }

    static void sql(StoreLocation location, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** Runs the calls at once (released together) and returns their results in order. */
    static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void usersAreUniqueByEmailIgnoringCase() {
        try (Store store = JdbcStore.open(newLocation())) {
            assertTrue(store.createUser(user("u1", "a@example.com")));
            assertFalse(store.createUser(user("u2", "A@Example.com")));
            assertEquals("u1", store.findUserByEmail("A@EXAMPLE.COM").orElseThrow().id());
            assertEquals(1, store.listUsers().size());
        }
    }

    @Test
    void aSignUpThatLostToATakenEmailRollsBackItsSpoiltTransaction() throws Exception {
        StoreLocation location = newLocation();
        try (Store store = JdbcStore.open(location); var pool = ConnectionPool.open(location).pool()) {
            CountingDataSource counted = new CountingDataSource(pool);
            UserTables users = new UserTables(new Sql(counted.dataSource(), location.dialect()));
            assertTrue(users.create(user("u1", "a@example.com")));
            assertEquals(List.of("commit"), counted.ends());
            assertFalse(users.create(user("u2", "A@Example.com")));
            assertEquals(List.of("commit", "rollback", "commit"), counted.ends(),
                    "PostgreSQL takes nothing more in a transaction that failed a statement");
            assertEquals(1, store.listUsers().size());
        }
    }

    @Test
    void racingFirstSignUpsMakeExactlyOneAdmin() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            List<Callable<Boolean>> signUps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "u" + i;
                signUps.add(() -> store.createUser(user(id, id + "@example.com")));
            }
            assertEquals(List.of(true, true, true, true, true, true, true, true), race(signUps));
            assertEquals(1, store.listUsers().stream().filter(u -> u.user().admin()).count());
        }
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneEnabled() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("a1", "a1@example.com"));
            store.createUser(user("a2", "a2@example.com"));
            assertTrue(store.setUserAdmin("a2", true));
            for (int round = 0; round < 5; round++) {
                List<Boolean> done = race(List.of(() -> store.setUserDisabled("a1", true),
                        () -> store.setUserDisabled("a2", true)));
                assertEquals(1, done.stream().filter(d -> d).count(), "round " + round + ": " + done);
                assertEquals(1, store.listUsers().stream().filter(u -> !u.user().disabled()).count());
                store.setUserDisabled("a1", false);
                store.setUserDisabled("a2", false);
            }
            assertFalse(store.deleteUser("a1") && store.deleteUser("a2"), "the last admin is never deleted");
        }
    }

    @Test
    void socketsAndTunnelsCascadeAndCountTraffic() {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            assertEquals(Store.Insert.CREATED, store.createSocket(socket("s1", "u1", "red-sky-0001.localhost"), ROOMY));
            assertEquals(Store.Insert.NAME_TAKEN, store.createSocket(socket("s2", "u1", "RED-sky-0001.localhost"),
                    ROOMY),
                    "dns names are unique, ignoring case");
            assertTrue(store.createTunnel(new TunnelRecord("t1", "s1", "h", 0, 0, "2026-01-01T00:00:00Z"), 1));
            store.addTunnelTraffic("t1", 3_000_000_000L, 20);
            store.addTunnelTraffic("t1", 1, 2);
            TunnelRecord t = store.findTunnel("t1").orElseThrow();
            assertEquals(3_000_000_001L, t.bytesIn(), "counters hold more than 2 GiB");
            assertEquals(22, t.bytesOut());
            assertEquals("s1", store.findSocketByDnsName("RED-SKY-0001.localhost").orElseThrow().id());
            assertTrue(store.deleteSocket("s1"));
            assertTrue(store.findTunnel("t1").isEmpty(), "deleting a socket deletes its tunnels");
            assertFalse(store.deleteSocket("s1"));
        }
    }

    @Test
    void dedicatedPortsAreUniqueAndAccessSettingsRoundTrip() {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            SocketRecord tcp = socket("s1", "u1", "red-sky-0001.localhost").withPort(20001);
            assertEquals(Store.Insert.CREATED, store.createSocket(tcp, ROOMY));
            assertEquals(Store.Insert.PORT_TAKEN,
                    store.createSocket(socket("s2", "u1", "red-sky-0002.localhost").withPort(20001), ROOMY),
                    "a port is never handed to a second socket");
            SocketRecord guarded = new SocketRecord("s1", "u1", "renamed", tcp.dnsName(), "http", 20001, true,
                    "alice", "pbkdf2-sha256$1$x$y", List.of("127.0.0.1/32", "::1/128"), tcp.createdAt());
            assertTrue(store.updateSocket(guarded));
            assertEquals(guarded, store.findSocket("s1").orElseThrow());
            assertEquals(1, store.allSockets().size());
        }
    }

    static CustomDomainRecord domain(String name, String socketId, long since) {
        return new CustomDomainRecord(name, socketId, "portway-verify-" + name, "pending", since, since,
                "2026-01-01T00:00:00Z");
    }

    @Test
    void customDomainsBelongToOneSocketAndGoWithItAndItsUser() {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            store.createUser(user("u2", "b@example.com"));
            store.createSocket(socket("s1", "u1", "one.localhost"), ROOMY);
            store.createSocket(socket("s2", "u2", "two.localhost"), ROOMY);
            assertEquals(Store.DomainsUpdate.UPDATED, store.setCustomDomains("s1",
                    List.of(domain("app.example.org", "s1", 1), domain("www.example.org", "s1", 1)), 20));
            assertEquals(Store.DomainsUpdate.NO_SOCKET, store.setCustomDomains("nope", List.of(), 20));

            assertTrue(store.settleCustomDomain("app.example.org", "s1", 1, "verified"));
            assertFalse(store.settleCustomDomain("app.example.org", "s1", 1, "failed"), "settled once");
            assertEquals(Store.DomainsUpdate.NAME_TAKEN, store.setCustomDomains("s2",
                    List.of(domain("new.example.org", "s2", 2), domain("app.example.org", "s2", 2)), 20),
                    "a verified domain belongs to one socket server-wide");
            assertTrue(store.listCustomDomains("s2").isEmpty(), "a refused update stores nothing of its list");
            assertEquals(List.of("app.example.org"), store.findSocket("s1").orElseThrow().domains(),
                    "a socket carries its verified domains only");
            // Kept names keep their record (status, value); new ones are inserted; unlisted ones go.
            assertEquals(Store.DomainsUpdate.UPDATED, store.setCustomDomains("s1",
                    List.of(domain("app.example.org", "s1", 9), domain("api.example.org", "s1", 9)), 20));
            List<CustomDomainRecord> now = store.listCustomDomains("s1");
            assertEquals(List.of("api.example.org", "app.example.org"), now.stream().map(CustomDomainRecord::name)
                    .toList());
            assertEquals("verified", now.get(1).status());
            assertEquals(1, now.get(1).checkSince());
            assertEquals("pending", now.get(0).status());
            assertTrue(store.findCustomDomain("www.example.org").isEmpty());

            assertTrue(store.deleteSocket("s1"));
            assertTrue(store.findCustomDomain("app.example.org").isEmpty(), "deleted with its socket");
            store.createSocket(socket("s3", "u2", "three.localhost"), ROOMY);
            store.setCustomDomains("s3", List.of(domain("app.example.org", "s3", 3)), 20);
            assertTrue(store.deleteUser("u2"));
            assertTrue(store.findCustomDomain("app.example.org").isEmpty(), "deleted with its user");
        }
    }

    @Test
    void socketListsCarryTheirOwnersTunnelsAndDomainsReadInOneQuery() throws Exception {
        StoreLocation location = newLocation();
        try (Store store = JdbcStore.open(location); var pool = ConnectionPool.open(location).pool()) {
            CountingDataSource counted = new CountingDataSource(pool);
            SocketTables tables = new SocketTables(new Sql(counted.dataSource(), location.dialect()));
            store.createUser(user("u1", "a@example.com"));
            store.createUser(user("u2", "b@example.com"));
            for (int i = 1; i <= 4; i++) {
                store.createSocket(socket("s" + i, i < 4 ? "u1" : "u2", "sock" + i + ".localhost"), ROOMY);
            }
            store.createTunnel(new TunnelRecord("t1", "s1", "h1", 5, 6, "2026-01-01T00:00:01Z"), 9);
            store.createTunnel(new TunnelRecord("t2", "s1", "h2", 0, 0, "2026-01-01T00:00:02Z"), 9);
            store.createTunnel(new TunnelRecord("t3", "s2", "h3", 0, 0, "2026-01-01T00:00:03Z"), 9);
            store.setCustomDomains("s1", List.of(domain("www.example.org", "s1", 1), domain("app.example.org", "s1",
                    1)), 20);
            store.settleCustomDomain("www.example.org", "s1", 1, "verified");
            List<SocketListing> mine = tables.listingOf("u1");
            assertEquals(1, counted.take(), "one query, however many sockets, tunnels and domains");
            assertEquals(List.of("s1", "s2", "s3"), mine.stream().map(l -> l.socket().id()).toList());
            SocketListing first = mine.get(0);
            assertEquals(List.of(new TunnelRecord("t1", "s1", "h1", 5, 6, "2026-01-01T00:00:01Z"),
                    new TunnelRecord("t2", "s1", "h2", 0, 0, "2026-01-01T00:00:02Z")), first.tunnels());
            assertEquals(store.listCustomDomains("s1"), first.domains(), "every claim, by name");
            assertEquals(store.findSocket("s1").orElseThrow(), first.socket(), "the socket as findSocket reads it");
            assertEquals(List.of("www.example.org"), first.socket().domains());
            assertEquals("a@example.com", first.ownerEmail());
            assertEquals(store.listTunnels("s2"), mine.get(1).tunnels());
            assertTrue(mine.get(2).tunnels().isEmpty() && mine.get(2).domains().isEmpty());

            List<SocketListing> all = tables.listing(new SocketFilter(null, null, null));
            assertEquals(1, counted.take(), "the admin's list is one query too");
            assertEquals(List.of("a@example.com", "a@example.com", "a@example.com", "b@example.com"),
                    all.stream().map(SocketListing::ownerEmail).toList());
            assertEquals(List.of("s4"), store.socketListing(new SocketFilter("B@example.com", "http", "SOCK"))
                    .stream().map(l -> l.socket().id()).toList());
            assertTrue(store.socketListing(new SocketFilter("u2", "tcp", null)).isEmpty());
            assertTrue(store.socketListing("nobody").isEmpty());
        }
    }

    @Test
    void countsAndOneUsersSummaryComeFromTheDatabase() {
        try (Store store = JdbcStore.open(newLocation())) {
            assertEquals(0, store.countUsers());
            assertEquals(0, store.countSockets());
            store.createUser(user("u1", "a@example.com"));
            store.createUser(user("u2", "b@example.com"));
            store.createSocket(socket("s1", "u2", "one.localhost").withPort(20901), ROOMY);
            store.createSocket(socket("s2", "u2", "two.localhost"), ROOMY);
            store.createTunnel(new TunnelRecord("t1", "s1", "h", 0, 0, "2026-01-01T00:00:00Z"), 9);
            assertEquals(2, store.countUsers());
            assertEquals(2, store.countSockets());
            UserSummary summary = store.findUserSummary("u2").orElseThrow();
            assertEquals(store.listUsers().get(1), summary);
            assertEquals(2, summary.sockets());
            assertEquals(1, summary.ports());
            assertEquals(1, summary.tunnels());
            assertTrue(store.findUserSummary("nobody").isEmpty());
        }
    }

    @Test
    void aTransactionThatFailsLeavesNothingAndOneReadsTheFirstRow() throws Exception {
        StoreLocation location = newLocation();
        JdbcStore.open(location).close();
        try (var pool = ConnectionPool.open(location).pool()) {
            Sql sql = new Sql(pool, location.dialect());
            StoreException e = assertThrows(StoreException.class, () -> sql.inTransaction(tx -> {
                tx.update("INSERT INTO users (id, email, password_hash, created_at) VALUES ('u1', 'a@x', 'h', 't')");
                return tx.update("INSERT INTO users (id, email, password_hash, created_at) VALUES ('u1', 'b@x', 'h',"
                        + " 't')");
            }));
            assertTrue(e.getCause() instanceof java.sql.SQLException, e.toString());
            assertEquals(0, sql.count("SELECT COUNT(*) FROM users"), "the first insert was rolled back with it");
            assertEquals(Optional.empty(), sql.one("SELECT id FROM users", rs -> rs.getString(1)));
            assertEquals(1, (int) sql.inTransaction(tx -> tx.update("INSERT INTO users (id, email, password_hash,"
                    + " created_at) VALUES ('u2', 'c@x', 'h', 't')")));
            assertEquals(Optional.of("u2"), sql.one("SELECT id FROM users", rs -> rs.getString(1)));
        }
    }

    @Test
    void unprovenClaimsBlockNobodyAndTheFirstVerifiedOneTakesTheName() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            store.createUser(user("u2", "b@example.com"));
            store.createUser(user("u3", "c@example.com"));
            for (String n : List.of("1", "2", "3")) {
                store.createSocket(socket("s" + n, "u" + n, "s" + n + ".localhost"), ROOMY);
            }
            // A squatter's pending claim does not keep the owner out; nor does a failed one.
            assertEquals(Store.DomainsUpdate.UPDATED, store.setCustomDomains("s1",
                    List.of(domain("shop.example.org", "s1", 1)), 20));
            assertEquals(Store.DomainsUpdate.UPDATED, store.setCustomDomains("s3",
                    List.of(domain("shop.example.org", "s3", 1)), 20));
            assertTrue(store.settleCustomDomain("shop.example.org", "s3", 1, "failed"));
            assertEquals(Store.DomainsUpdate.UPDATED, store.setCustomDomains("s2",
                    List.of(domain("shop.example.org", "s2", 2)), 20));
            assertTrue(store.findCustomDomain("shop.example.org").isEmpty(), "nobody's until verified");
            assertEquals(2, store.dueCustomDomains(Long.MAX_VALUE, 10).size(), "both pending claims are checked");
            assertTrue(store.claimCustomDomainCheck("shop.example.org", "s2", 2, 5_002));
            assertTrue(store.claimCustomDomainCheck("shop.example.org", "s1", 1, 5_001), "each claim its own check");

            // Both claims come true at once (two checkers, or two nodes): one wins, the other fails.
            List<Callable<Boolean>> settles = List.of(
                    () -> store.settleCustomDomain("shop.example.org", "s1", 1, "verified"),
                    () -> store.settleCustomDomain("shop.example.org", "s2", 2, "verified"));
            List<Boolean> won = race(settles);
            assertEquals(1, won.stream().filter(b -> b).count(), won.toString());
            String winner = won.get(0) ? "s1" : "s2";
            String loser = won.get(0) ? "s2" : "s1";
            assertEquals(winner, store.findCustomDomain("shop.example.org").orElseThrow().socketId());
            assertEquals("failed", store.listCustomDomains(loser).get(0).status());
            assertEquals("failed", store.listCustomDomains("s3").get(0).status(), "every other claim fails");
            assertEquals(List.of("shop.example.org"), store.findSocket(winner).orElseThrow().domains());
            assertEquals(List.of(), store.findSocket(loser).orElseThrow().domains());
            assertEquals(0, store.restartCustomDomainChecks(loser, 9_000, 4_000), "verify cannot revive a taken name");
            store.createSocket(socket("s4", "u3", "s4.localhost"), ROOMY);
            assertEquals(Store.DomainsUpdate.NAME_TAKEN, store.setCustomDomains("s4",
                    List.of(domain("more.example.org", "s4", 3), domain("shop.example.org", "s4", 3)), 20),
                    "a new claim on a verified name is refused");
            assertTrue(store.listCustomDomains("s4").isEmpty());

            // The owner's socket goes: the name is free again, and a failed claim may be checked again.
            assertTrue(store.deleteSocket(winner));
            assertEquals(1, store.restartCustomDomainChecks(loser, 9_000, 4_000));
            assertTrue(store.settleCustomDomain("shop.example.org", loser, 9_000, "verified"));
        }
    }

    @Test
    void customDomainChecksAreClaimedOnceAndSettledOnlyInTheirRound() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            store.createSocket(socket("s1", "u1", "one.localhost"), ROOMY);
            store.setCustomDomains("s1", List.of(domain("app.example.org", "s1", 100)), 20);
            assertTrue(store.dueCustomDomains(99, 10).isEmpty());
            CustomDomainRecord due = store.dueCustomDomains(100, 10).get(0);
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                claims.add(() -> store.claimCustomDomainCheck(due.name(), "s1", due.nextCheckAt(), 5_100));
            }
            assertEquals(1, race(claims).stream().filter(b -> b).count(), "one checker (of any node) per check");
            assertTrue(store.dueCustomDomains(5_099, 10).isEmpty());
            // A restart ("verify") opens a new round: what a check of the old round finds changes nothing.
            assertTrue(store.settleCustomDomain("app.example.org", "s1", 100, "failed"));
            assertTrue(store.dueCustomDomains(Long.MAX_VALUE, 10).isEmpty(), "failed domains are checked no more");
            assertEquals(1, store.restartCustomDomainChecks("s1", 7_000, 2_000));
            assertEquals(0, store.restartCustomDomainChecks("s1", 7_001, 2_001), "a round just begun stays: no"
                    + " lookup loop by restarting it again and again");
            assertFalse(store.settleCustomDomain("app.example.org", "s1", 100, "verified"));
            CustomDomainRecord again = store.listCustomDomains("s1").get(0);
            assertEquals("pending", again.status());
            assertEquals(7_000, again.checkSince());
            assertEquals(List.of("app.example.org"), store.dueCustomDomains(7_000, 10).stream()
                    .map(CustomDomainRecord::name).toList());
        }
    }

    @Test
    void racingDomainUpdatesNeverPassTheAccountsLimit() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            List<Callable<Store.DomainsUpdate>> updates = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "s" + i;
                store.createSocket(socket(id, "u1", "n" + i + ".localhost"), ROOMY);
                List<CustomDomainRecord> two = List.of(domain("a" + i + ".example.org", id, 1),
                        domain("b" + i + ".example.org", id, 1));
                updates.add(() -> store.setCustomDomains(id, two, 5));
            }
            List<Store.DomainsUpdate> results = race(updates);
            assertEquals(2, results.stream().filter(r -> r == Store.DomainsUpdate.UPDATED).count(),
                    results.toString());
            assertEquals(2, results.stream().filter(r -> r == Store.DomainsUpdate.OVER_QUOTA).count(),
                    results.toString());
        }
    }

    @Test
    void racingInsertsOfOnePortLeaveOneWinner() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            List<Callable<Store.Insert>> inserts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SocketRecord s = socket("s" + i, "u1", "name-" + i + ".localhost").withPort(20500);
                inserts.add(() -> store.createSocket(s, ROOMY));
            }
            List<Store.Insert> results = race(inserts);
            assertEquals(1, results.stream().filter(r -> r == Store.Insert.CREATED).count(), results.toString());
            assertEquals(5, results.stream().filter(r -> r == Store.Insert.PORT_TAKEN).count(), results.toString());
        }
    }

    /** A name picked with --subdomain by several users at once: the unique index gives it to exactly one. */
    @Test
    void racingInsertsOfOneNameByDifferentUsersLeaveOneWinner() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            List<Callable<Store.Insert>> inserts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                store.createUser(user("u" + i, "u" + i + "@example.com"));
                SocketRecord s = socket("s" + i, "u" + i, i % 2 == 0 ? "myapp.localhost" : "MyApp.localhost");
                inserts.add(() -> store.createSocket(s, ROOMY));
            }
            List<Store.Insert> results = race(inserts);
            assertEquals(1, results.stream().filter(r -> r == Store.Insert.CREATED).count(), results.toString());
            assertEquals(5, results.stream().filter(r -> r == Store.Insert.NAME_TAKEN).count(), results.toString());
        }
    }

    @Test
    void racingCreationsNeverPassTheSocketOrPortQuota() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            Quota quota = new Quota(3, 2);
            for (int round = 0; round < 4; round++) {
                String owner = "u" + round;
                store.createUser(user(owner, owner + "@example.com"));
                List<Callable<Store.Insert>> raw = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    SocketRecord s = socket(owner + "t" + i, owner, owner + "-tcp-" + i + ".localhost")
                            .withPort(20600 + round * 10 + i);
                    raw.add(() -> store.createSocket(s, quota));
                }
                List<Store.Insert> results = race(raw);
                assertEquals(2, results.stream().filter(r -> r == Store.Insert.CREATED).count(), results.toString());
                assertEquals(6, results.stream().filter(r -> r == Store.Insert.OVER_PORT_QUOTA).count(),
                        results.toString());
                List<Callable<Store.Insert>> http = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    SocketRecord s = socket(owner + "h" + i, owner, owner + "-http-" + i + ".localhost");
                    http.add(() -> store.createSocket(s, quota));
                }
                results = race(http);
                assertEquals(1, results.stream().filter(r -> r == Store.Insert.CREATED).count(), results.toString());
                assertEquals(7, results.stream().filter(r -> r == Store.Insert.OVER_SOCKET_QUOTA).count(),
                        results.toString());
                assertEquals(3, store.listSockets(owner).size(), "quotas are per account");
            }
        }
    }

    @Test
    void anAccountsOwnLimitsOverrideTheDefaultsUntilReset() {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            Quota defaults = new Quota(10, 1);
            assertEquals(Store.Insert.CREATED, store.createSocket(socket("s1", "u1", "a.localhost").withPort(20801),
                    defaults));
            assertEquals(Store.Insert.OVER_PORT_QUOTA, store.createSocket(socket("s2", "u1", "b.localhost")
                    .withPort(20802), defaults));
            assertTrue(store.setUserLimits("u1", new UserLimits(null, 2)));
            assertEquals(new UserLimits(null, 2), store.findUser("u1").orElseThrow().limits());
            assertEquals(Store.Insert.CREATED, store.createSocket(socket("s2", "u1", "b.localhost").withPort(20802),
                    defaults));
            UserSummary summary = store.listUsers().get(0);
            assertEquals(2, summary.sockets());
            assertEquals(2, summary.ports());
            assertTrue(store.setUserLimits("u1", new UserLimits(2, null)));
            assertEquals(Store.Insert.OVER_SOCKET_QUOTA, store.createSocket(socket("s3", "u1", "c.localhost"),
                    defaults), "the account's own socket limit");
            assertTrue(store.setUserLimits("u1", UserLimits.DEFAULT));
            assertEquals(UserLimits.DEFAULT, store.findUser("u1").orElseThrow().limits());
            assertFalse(store.setUserLimits("nobody", UserLimits.DEFAULT));
        }
    }

    @Test
    void racingTunnelsNeverPassTheirSocketsLimit() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            store.createUser(user("u1", "a@example.com"));
            store.createSocket(socket("s1", "u1", "a.localhost"), ROOMY);
            List<Callable<Boolean>> tunnels = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TunnelRecord t = new TunnelRecord("t" + i, "s1", "h", 0, 0, "2026-01-01T00:00:00Z");
                tunnels.add(() -> store.createTunnel(t, 3));
            }
            List<Boolean> results = race(tunnels);
            assertEquals(3, results.stream().filter(r -> r).count(), results.toString());
            assertEquals(3, store.listTunnels("s1").size());
        }
    }

    @Test
    void auditEntriesAreNumberedAndPagedNewestFirst() {
        try (Store store = JdbcStore.open(newLocation())) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(store.addAudit(new AuditRecord(0, "2026-01-01T00:00:0" + i + "Z", null, null, "login",
                        "user " + i, null, "127.0.0.1")).id());
            }
            assertTrue(ids.get(0) < ids.get(1) && ids.get(1) < ids.get(2), ids.toString());
            List<AuditRecord> page = store.listAudit(ids.get(2), 10);
            assertEquals(List.of(ids.get(1), ids.get(0)), page.stream().map(AuditRecord::id).toList());
            assertEquals("user 1", page.get(0).target());
        }
    }

    @Test
    void certificatesRoundTripAndRenewalIsRequestedByName() {
        try (Store store = JdbcStore.open(newLocation())) {
            store.saveCertificate(CertificateRecord.wanted("a.example.com", "2026-01-01T00:00:00Z"));
            CertificateRecord issued = new CertificateRecord("*.example.com", "CHAIN", "KEY", "Pebble",
                    "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", null, "2026-03-01T00:00:00Z", false,
                    "2026-01-01T00:00:01Z");
            store.saveCertificate(issued);
            assertEquals(issued, store.findCertificate("*.example.com").orElseThrow());
            assertFalse(store.addCertificate(CertificateRecord.wanted("*.example.com", "2026-01-02T00:00:00Z")),
                    "a node that wants an issued name keeps its certificate");
            assertEquals(issued, store.findCertificate("*.example.com").orElseThrow());
            assertTrue(store.addCertificate(CertificateRecord.wanted("c.example.com", "2026-01-02T00:00:00Z")));
            assertTrue(store.deleteCertificate("c.example.com"));
            CertificateRecord failed = new CertificateRecord("a.example.com", null, null, null, null, null,
                    "rateLimited", "2026-01-01T01:00:00Z", false, "2026-01-01T00:00:02Z");
            store.saveCertificate(failed);
            assertEquals(List.of("*.example.com", "a.example.com"),
                    store.allCertificates().stream().map(CertificateRecord::name).toList());
            assertEquals(failed, store.findCertificate("a.example.com").orElseThrow());

            assertTrue(store.requestRenewal("*.example.com"));
            CertificateRecord marked = store.findCertificate("*.example.com").orElseThrow();
            assertTrue(marked.renewRequested());
            assertEquals(null, marked.nextAttemptAt());
            assertFalse(marked.updatedAt().equals(issued.updatedAt()), "the stamp changes so that nodes see it");
            assertEquals(marked.updatedAt(), store.acme().certificateStamps().get("*.example.com"));
            assertFalse(store.requestRenewal("b.example.com"));

            assertTrue(store.deleteCertificate("a.example.com"));
            assertFalse(store.deleteCertificate("a.example.com"));
            assertTrue(store.findCertificate("a.example.com").isEmpty());
        }
    }

    @Test
    void visitorSignInSharesOneKeyAndEachHandOffCodeIsTakenOnce() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            VisitorTables v = store.visitors();
            assertEquals("K1", v.key("sealing", "K1", 1));
            assertEquals("K1", v.key("sealing", "K2", 2), "the first node's key stays");

            VisitorTables.HandOff ann = new VisitorTables.HandOff("ann@example.com", "sub-1", "a.localhost", "sock-1",
                    "/x", "browser-hash");
            v.addCode("h1", ann, 1000);
            List<Optional<VisitorTables.HandOff>> raced = race(List.of(() -> v.takeCode("h1", 10),
                    () -> v.takeCode("h1", 10), () -> v.takeCode("h1", 10)));
            assertEquals(1, raced.stream().filter(Optional::isPresent).count(), "one redeemer wins: " + raced);
            assertEquals(ann, raced.stream().flatMap(Optional::stream).findFirst().orElseThrow());
            v.addCode("h2", ann, 1000);
            assertTrue(v.takeCode("h2", 1000).isEmpty(), "expired");
            assertTrue(v.takeCode("h2", 10).isEmpty(), "and gone");

            v.addLogout("s1", 500);
            v.addLogout("s2", 2000);
            List<VisitorTables.Logout> ended = v.logoutsAfter(0, 600);
            assertEquals(List.of("s2"), ended.stream().map(VisitorTables.Logout::sessionId).toList());
            assertTrue(v.logoutsAfter(ended.get(0).id(), 600).isEmpty());
            v.prune(2000);
            assertTrue(v.logoutsAfter(0, 0).isEmpty());
        }
    }

    @Test
    void oneAcmeAccountPerDirectoryAndChallengesAnyNodeCanAnswer() {
        try (Store store = JdbcStore.open(newLocation())) {
            AcmeTables acme = store.acme();
            assertTrue(acme.account("https://ca/dir").isEmpty());
            assertEquals("KEY1", acme.addAccount("https://ca/dir", "KEY1").keyPem());
            assertEquals("KEY1", acme.addAccount("https://ca/dir", "KEY2").keyPem(), "the first node's key stays");
            acme.setAccountLocation("https://ca/dir", "https://ca/acct/1");
            assertEquals(new AcmeTables.Account("https://ca/dir", "KEY1", "https://ca/acct/1"),
                    acme.account("https://ca/dir").orElseThrow());

            acme.putChallenge("tok", "tok.thumb", 1000);
            assertEquals("tok.thumb", acme.challenge("tok").orElseThrow());
            assertTrue(acme.challenge("other").isEmpty());
            acme.pruneChallenges(1000);
            assertTrue(acme.challenge("tok").isPresent());
            acme.pruneChallenges(1001);
            assertTrue(acme.challenge("tok").isEmpty());
            acme.putChallenge("tok2", "x", 1000);
            acme.removeChallenge("tok2");
            assertTrue(acme.challenge("tok2").isEmpty());
        }
    }

    @Test
    void anOrdersResultNeverBringsBackACertificateDeletedMeanwhile() {
        try (Store store = JdbcStore.open(newLocation())) {
            AcmeTables acme = store.acme();
            CertificateRecord done = new CertificateRecord("a.example.com", "CHAIN", "KEY", "Pebble",
                    "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", null, "2026-03-01T00:00:00Z", false,
                    "2026-01-01T00:00:01Z");
            assertFalse(acme.updateCertificate(done), "the socket went while its order ran");
            assertTrue(store.findCertificate("a.example.com").isEmpty());
            store.addCertificate(CertificateRecord.wanted("a.example.com", "2026-01-01T00:00:00Z"));
            assertTrue(acme.updateCertificate(done));
            assertEquals(done, store.findCertificate("a.example.com").orElseThrow());
        }
    }

    @Test
    void eachAccountsNewOrdersAreCountedWithinTheirWindow() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            AcmeTables acme = store.acme();
            assertTrue(acme.oldestOrder("u1", 0).isEmpty());
            assertTrue(acme.takeOrder("u1", "a.example.com", 100, 0, 2));
            assertTrue(acme.takeOrder("u1", "b.example.com", 200, 0, 2));
            assertFalse(acme.takeOrder("u1", "c.example.com", 300, 0, 2), "two within the window");
            assertTrue(acme.takeOrder("u2", "d.example.com", 300, 0, 2), "another account's own budget");
            assertEquals(100L, acme.oldestOrder("u1", 0).orElseThrow());
            assertTrue(acme.takeOrder("u1", "c.example.com", 1100, 100, 2), "the oldest left the window");
            acme.pruneOrders(1000);
            assertEquals(1100L, acme.oldestOrder("u1", 0).orElseThrow());

            CertificateRecord issued = new CertificateRecord("shop.example.com", "CHAIN", "KEY", "Pebble",
                    "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "old error", "2026-03-01T00:00:00Z", true,
                    "2026-01-01T00:00:00Z");
            acme.release(issued, 5_000);
            CertificateRecord back = acme.released("shop.example.com", "2026-01-05T00:00:00Z").orElseThrow();
            assertEquals(new CertificateRecord("shop.example.com", "CHAIN", "KEY", "Pebble", "2026-01-01T00:00:00Z",
                    "2026-04-01T00:00:00Z", null, "2026-03-01T00:00:00Z", false, "2026-01-05T00:00:00Z"), back);
            acme.pruneReleased(5_000);
            assertTrue(acme.released("shop.example.com", "x").isPresent());
            acme.pruneReleased(5_001);
            assertTrue(acme.released("shop.example.com", "x").isEmpty());
            acme.release(issued, 6_000);
            acme.dropReleased("shop.example.com");
            assertTrue(acme.released("shop.example.com", "x").isEmpty());
        }
    }

    @Test
    void oneNodeAtATimeHoldsANamesLeaseUntilItExpires() throws Exception {
        try (Store store = JdbcStore.open(newLocation())) {
            AcmeTables acme = store.acme();
            List<Boolean> won = race(List.of(() -> acme.takeLease("a.example.com", "n1", 0, 100),
                    () -> acme.takeLease("a.example.com", "n2", 0, 100)));
            assertEquals(1, won.stream().filter(b -> b).count(), "one winner: " + won);
            String holder = won.get(0) ? "n1" : "n2";
            String other = won.get(0) ? "n2" : "n1";
            assertTrue(acme.takeLease("a.example.com", holder, 50, 200), "the holder renews");
            assertFalse(acme.takeLease("a.example.com", other, 150, 300));
            assertTrue(acme.takeLease("a.example.com", other, 200, 300), "an expired lease is free");
            acme.releaseLease("a.example.com", holder);
            assertFalse(acme.takeLease("a.example.com", holder, 250, 400), "another node's lease stays");
            acme.releaseLease("a.example.com", other);
            assertTrue(acme.takeLease("a.example.com", holder, 250, 400));
        }
    }

    @Test
    void dataSurvivesReopening() {
        StoreLocation location = newLocation();
        try (Store store = JdbcStore.open(location)) {
            store.createUser(user("u1", "a@example.com"));
            store.createSocket(socket("s1", "u1", "blue-sea-0002.localhost"), ROOMY);
            store.createApiToken("tok", "u1", "th", "2026-01-01T00:00:00Z");
        }
        try (Store store = JdbcStore.open(location)) {
            assertEquals(1, store.listSockets("u1").size());
            assertEquals("u1", store.findApiToken("tok").orElseThrow().userId());
            assertEquals(LATEST, store.schemaVersion());
        }
    }

    @Test
    void refusesADatabaseFromANewerServer() throws Exception {
        StoreLocation location = newLocation();
        JdbcStore.open(location).close();
        sql(location, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql',"
                + " 'a newer server', 0, TRUE)");
        StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(location));
        assertTrue(e.getMessage().contains("schema version 99, newer than this server knows (" + LATEST + ")"),
                e.getMessage());
    }
}

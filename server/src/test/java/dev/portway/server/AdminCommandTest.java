// "portway server admin grant|revoke|limits EMAIL --data DIR": works on a data dir (also under a running server,
// which sees the change at once); an unknown email, a missing database, the last admin or a bad limit is one line
// and a failure code.
package dev.portway.server;

import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.MainRuns.Run;
import dev.portway.server.store.AuditRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import dev.portway.server.store.UserLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandTest {
    @TempDir
    Path dir;


    private static void assertOneLineFailure(Run r, String expected) {
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("portway server admin: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void grantsAndRevokesOnTheDataDirOfARunningServer() throws Exception {
        Path data = dir.resolve("data");
        try (PortwayServer server = TestServers.start(data)) {
            var store = server.store();
            store.createUser(new User("u1", "ann@example.com", "hash", false, false, "2026-01-01T00:00:00Z"));
            store.createUser(new User("u2", "bob@example.com", "hash", false, false, "2026-01-02T00:00:00Z"));
            assertTrue(store.findUser("u1").orElseThrow().admin(), "the first account is the admin");
            assertFalse(store.findUser("u2").orElseThrow().admin());

            Run grant = run("admin", "grant", "BOB@example.com", "--data", data.toString());
            assertEquals(0, grant.code(), grant.err());
            assertEquals("bob@example.com is an admin now", grant.out().strip());
            assertTrue(store.findUser("u2").orElseThrow().admin(), "the running server sees it at once");

            Run revoke = run("admin", "revoke", "ann@example.com", "--data", data.toString());
            assertEquals(0, revoke.code(), revoke.err());
            assertFalse(store.findUser("u1").orElseThrow().admin());

            assertOneLineFailure(run("admin", "revoke", "bob@example.com", "--data", data.toString()),
                    "last enabled admin");
            assertTrue(store.findUser("u2").orElseThrow().admin());

            List<AuditRecord> audit = store.listAudit(null, 10);
            assertEquals(List.of("user.revoke_admin", "user.grant_admin"),
                    audit.stream().map(AuditRecord::action).toList());
            assertEquals("cli", audit.get(0).actorEmail());
            assertEquals("user ann@example.com", audit.get(0).target());
        }
    }

    @Test
    void setsAnAccountsLimitsOnTheDataDirOfARunningServer() throws Exception {
        Path data = dir.resolve("data");
        try (PortwayServer server = TestServers.start(data)) {
            var store = server.store();
            store.createUser(new User("u1", "ann@example.com", "hash", false, false, "2026-01-01T00:00:00Z"));
            Run set = run("admin", "limits", "ann@example.com", "--max-ports", "25", "--data", data.toString());
            assertEquals(0, set.code(), set.err());
            assertEquals("ann@example.com: max_sockets default, max_ports 25", set.out().strip());
            assertEquals(new UserLimits(null, 25), store.findUser("u1").orElseThrow().limits(),
                    "the running server sees it at once");
            Run more = run("admin", "limits", "ann@example.com", "--max-sockets", "300", "--data", data.toString());
            assertEquals("ann@example.com: max_sockets 300, max_ports 25", more.out().strip(), "--max-ports is kept");
            Run reset = run("admin", "limits", "ann@example.com", "--max-sockets", "default", "--max-ports", "default",
                    "--data", data.toString());
            assertEquals(0, reset.code(), reset.err());
            assertEquals(UserLimits.DEFAULT, store.findUser("u1").orElseThrow().limits());
            assertEquals("ann@example.com: max_sockets default, max_ports default",
                    run("admin", "limits", "ann@example.com", "--data", data.toString()).out().strip(),
                    "no option shows the limits");
            assertOneLineFailure(run("admin", "limits", "ann@example.com", "--max-ports", "lots", "--data",
                    data.toString()), "--max-ports takes a whole number from 0 to 1000000, or default; not lots");
            assertEquals(List.of("user.limits", "user.limits", "user.limits"),
                    store.listAudit(null, 10).stream().map(AuditRecord::action).toList());
        }
    }

    @Test
    void anUnknownEmailOrAMissingDatabaseIsOneLineAndAFailure() throws Exception {
        Path data = dir.resolve("data");
        TestServers.start(data).close();
        assertOneLineFailure(run("admin", "grant", "nobody@example.com", "--data", data.toString()),
                "no account for nobody@example.com");
        assertOneLineFailure(run("admin", "grant", "ann@example.com", "--data", dir.resolve("nowhere").toString()),
                "no database at");
        assertFalse(dir.resolve("nowhere").toFile().exists(), "nothing is created where no server was");
        Run noVerb = run("admin", "--data", data.toString());
        assertNotEquals(0, noVerb.code());
        assertFalse(noVerb.err().contains("Exception"), noVerb.err());
    }

    @Tag("postgres")
    @Tag("process")
    @Test
    void grantsOnAPostgresStoreWithTheUserFromTheEnvironment() throws Exception {
        PostgresServer pg = PostgresServer.get();
        String database = pg.createDatabase();
        try (Store store = JdbcStore.open(pg.location(database))) {
            store.createUser(new User("u1", "ann@example.com", "hash", false, false, "2026-01-01T00:00:00Z"));
            store.createUser(new User("u2", "bob@example.com", "hash", false, false, "2026-01-02T00:00:00Z"));
            String url = pg.storeUrl(database);
            Run granted = javaMain(Map.of("PORTWAY_STORE_USER", PostgresServer.USER), "admin", "grant",
                    "bob@example.com", "--store", url);
            assertEquals(0, granted.code(), granted.err());
            assertEquals("bob@example.com is an admin now", granted.out().strip());
            assertTrue(store.findUser("u2").orElseThrow().admin());
            assertOneLineFailure(javaMain(Map.of(), "admin", "revoke", "bob@example.com", "--store", url),
                    "PORTWAY_STORE_USER");
        }
    }

    /** The command in its own JVM, as an operator runs it: with exactly the given store variables set. */
    private Run javaMain(Map<String, String> env, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PORTWAY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("err.txt")));
    }
}

// A real server on a PostgreSQL store (the tests' cluster, one database for this class): it serves the API and a
// tunnel, another server on the same database sees the same accounts and sockets and routes them at its edge, and
// a port that another node holds in the database is skipped when this one hands out ports; creations racing on two
// nodes never pass an account's port quota.
package dev.portway.server;

import dev.portway.server.config.AccountLimits;
import dev.portway.server.ApiCalls.Reply;
import static dev.portway.server.TestServers.visit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class PostgresStoreServerTest {
    private static StoreLocation database;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createDatabase() {
        database = PostgresServer.get().newDatabase();
    }

    private Reply call(PortwayServer server, String method, String path, String token, String body)
            throws Exception {
        return ApiCalls.call(http, server, method, path, token, body);
    }

    private String login(PortwayServer server, String email) throws Exception {
        Reply r = call(server, "POST", "login", null, "{\"email\":\"" + email + "\",\"password\":\"password1\"}");
        assertEquals(200, r.status(), String.valueOf(r.json()));
        return r.json().get("token").asText();
    }

    private PortwayServer start(String node, String tcpPorts) throws StartupException {
        return PortwayServer.start(TestServers.config(dir.resolve(node), tcpPorts).withStore(database));
    }

    @Test
    void servesTheApiAndATunnelAndAnotherServerSeesTheSameData() throws Exception {
        String socketId;
        String dnsName;
        try (PortwayServer server = start("node-a", "20000-20999")) {
            assertEquals(201, call(server, "POST", "accounts", null,
                    "{\"email\":\"Alice@Example.com\",\"password\":\"password1\"}").status());
            String token = login(server, "alice@example.com");
            Reply socket = call(server, "POST", "sockets", token, "{\"name\":\"web\",\"socket_type\":\"http\"}");
            assertEquals(201, socket.status(), String.valueOf(socket.json()));
            socketId = socket.json().get("socket_id").asText();
            dnsName = socket.json().get("dns_name").asText();
            Reply tunnel = call(server, "POST", "sockets/" + socketId + "/tunnels", token, null);
            assertEquals(201, tunnel.status());
            String tunnelId = tunnel.json().get("tunnel_id").asText();
            try (TestLink link = TestLink.connect(server.config().tunnelPort(), tunnelId,
                    tunnel.json().get("credential").asText())) {
                assertTrue(link.reply().ok(), "the credential stored in PostgreSQL lets the agent in");
                await().atMost(Duration.ofSeconds(10)).until(() -> TunnelInfo.ONLINE.equals(call(server, "GET",
                        "sockets/" + socketId + "/tunnels/" + tunnelId, token, null).json().get("status").asText()));
            }
            assertTrue(call(server, "GET", "account", token, null).json().get("admin").asBoolean(),
                    "the first account of the database is its admin");
        }
        try (PortwayServer other = start("node-b", "20000-20999")) {
            String token = login(other, "ALICE@example.com");
            Reply sockets = call(other, "GET", "sockets", token, null);
            assertEquals(1, sockets.json().size());
            assertEquals(socketId, sockets.json().get(0).get("socket_id").asText());
            assertEquals(409, call(other, "POST", "accounts", null,
                    "{\"email\":\"alice@EXAMPLE.com\",\"password\":\"password1\"}").status(),
                    "one account per email across every server of the database");
            assertEquals("HTTP/1.1 502 Bad Gateway", visit(other, dnsName),
                    "its edge routes the socket it found in the database (no tunnel is connected to it here)");
            assertEquals("HTTP/1.1 404 Not Found", visit(other, "no-such-name.localhost"));
        }
    }

    @Test
    void creationsRacingOnTwoNodesNeverPassAnAccountsPortQuota() throws Exception {
        AccountLimits limits = new AccountLimits(100, 20, 3, dev.portway.server.security.SignupRate.DEFAULT);
        int a = TestServers.freeRange(6);
        int b = TestServers.freeRange(6);
        try (PortwayServer one = startWith("race-a", a + "-" + (a + 5), limits);
             PortwayServer two = startWith("race-b", b + "-" + (b + 5), limits)) {
            assertEquals(201, call(one, "POST", "accounts", null,
                    "{\"email\":\"racer@example.com\",\"password\":\"password1\"}").status());
            String token = login(one, "racer@example.com");
            List<Callable<Reply>> creations = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                PortwayServer node = i % 2 == 0 ? one : two;
                creations.add(() -> call(node, "POST", "sockets", token, "{\"socket_type\":\"tcp\"}"));
            }
            assertEquals(3, createdInRace(creations, 403, "quota_exceeded"));
            assertEquals(3, call(two, "GET", "sockets", token, null).json().size());
        }
    }

    /** --subdomain across nodes: a name one node gave out is taken on the other, and racing nodes give it once. */
    @Test
    void aSubdomainIsTakenOnEveryNodeAndRacingNodesGiveItOnce() throws Exception {
        try (PortwayServer one = start("names-a", "20000-20999"); PortwayServer two = start("names-b", "20000-20999")) {
            String[] tokens = new String[4];
            for (int i = 0; i < tokens.length; i++) {
                PortwayServer node = i % 2 == 0 ? one : two;
                assertEquals(201, call(node, "POST", "accounts", null, "{\"email\":\"picker" + i
                        + "@example.com\",\"password\":\"password1\"}").status());
                tokens[i] = login(node, "picker" + i + "@example.com");
            }
            Reply mine = call(one, "POST", "sockets", tokens[0], "{\"subdomain\":\"shared\"}");
            assertEquals(201, mine.status(), String.valueOf(mine.json()));
            ApiCalls.assertError(call(two, "POST", "sockets", tokens[1], "{\"subdomain\":\"Shared\"}"), 409,
                    "name_taken");
            // The other node's edge routes the name (no tunnel is connected to it) once its poll has seen it.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> visit(two, "shared.localhost"), "HTTP/1.1 502 Bad Gateway"::equals);

            List<Callable<Reply>> creations = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++) {
                PortwayServer node = i % 2 == 0 ? one : two;
                String token = tokens[i];
                creations.add(() -> call(node, "POST", "sockets", token, "{\"subdomain\":\"contested\"}"));
            }
            assertEquals(1, createdInRace(creations, 409, "name_taken"));
        }
    }

    /**
     * Sends the creations all at once, each from its own thread; how many were created (201), every other one
     * refused with this status and error code.
     */
    private static int createdInRace(List<Callable<Reply>> creations, int status, String code) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(creations.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (Callable<Reply> creation : creations) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return creation.call();
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 201) {
                    created++;
                } else {
                    ApiCalls.assertError(r, status, code);
                }
            }
            return created;
        } finally {
            pool.shutdownNow();
        }
    }

    private PortwayServer startWith(String node, String tcpPorts, AccountLimits limits) throws StartupException {
        return PortwayServer.start(TestServers.config(dir.resolve(node), tcpPorts).withStore(database)
                .withQuotas(limits));
    }

    @Test
    void aPortAnotherNodeHoldsInTheDatabaseIsSkipped() throws Exception {
        int first = TestServers.freeRange(2);
        try (PortwayServer server = start("node-c", first + "-" + (first + 1));
             Store elsewhere = JdbcStore.open(database)) {
            assertEquals(201, call(server, "POST", "accounts", null,
                    "{\"email\":\"bob@example.com\",\"password\":\"password1\"}").status());
            String token = login(server, "bob@example.com");
            String bob = elsewhere.findUserByEmail("bob@example.com").orElseThrow().id();
            // Another node (another machine: the port is free here) stored a socket on the range's first port.
            assertEquals(Store.Insert.CREATED, elsewhere.createSocket(SocketRecord.open("other-node-socket", bob,
                    "db", "far-away-0001.localhost", "tcp", first, "2026-01-01T00:00:00Z"),
                    server.config().quotas().quota()));
            Reply created = call(server, "POST", "sockets", token, "{\"socket_type\":\"tcp\"}");
            assertEquals(201, created.status(), String.valueOf(created.json()));
            assertEquals(first + 1, created.json().get("tcp_port").asInt());
            Reply full = call(server, "POST", "sockets", token, "{\"socket_type\":\"tcp\"}");
            assertEquals(409, full.status());
            assertEquals("no_port_available", full.json().at("/error/code").asText());
        }
    }

}

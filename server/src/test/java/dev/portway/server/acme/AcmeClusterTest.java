// Two nodes on one PostgreSQL store ordering from Pebble: one order per name between them (the lease), the
// certificate one node ordered served by the other's HTTPS edge too, and HTTP-01 answered by a node that did not
// publish the challenge.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.AcmeSettings;
import dev.portway.server.ApiCalls;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerConfig;
import dev.portway.server.TestServers;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeClusterTest {
    static final String DOMAIN = "portway.test";

    @TempDir
    Path dir;

    private static ServerConfig node(Path data, int httpPort, StoreLocation store, Pebble pebble) throws Exception {
        ServerConfig base = TestServers.configWithFreePorts(data, 2);
        return new ServerConfig(data, DOMAIN, "127.0.0.1", 0, httpPort, 0, 0, base.tcpPorts(), true,
                Duration.ofSeconds(5), Duration.ofSeconds(15)).withStore(store)
                .withAcme(new AcmeSettings(pebble.directory(), null, pebble.httpsRoot(), null));
    }

    @Test
    void twoNodesOrderEachNameOnceAndBothServeIt() throws Exception {
        StoreLocation database = PostgresServer.get().newDatabase();
        int httpA = TestServers.freeRange(1);
        HttpClient http = HttpClient.newHttpClient();
        try (ChallTestSrv dns = ChallTestSrv.start(dir.resolve("dns.log"));
             Pebble pebble = Pebble.start(dir.resolve("pebble"), httpA, dns.dnsAddress());
             PortwayServer a = PortwayServer.start(node(dir.resolve("a"), httpA, database, pebble));
             PortwayServer b = PortwayServer.start(node(dir.resolve("b"), 0, database, pebble))) {
            EdgeTls client = new EdgeTls(pebble.issuingRoot());
            // Created on B; Pebble validates on A's HTTP port, so whichever node orders, A answers.
            String token = ApiCalls.signupAndLogin(http, b, "ann@example.com");
            String name = ApiCalls.call(http, b, "POST", "sockets", token, "{\"socket_type\":\"http\"}").json()
                    .get("dns_name").asText();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> client.valid(b.config().httpsPort(), name)
                            && client.valid(a.config().httpsPort(), name));
            assertEquals(client.handshake(a.config().httpsPort(), name).getSerialNumber(),
                    client.handshake(b.config().httpsPort(), name).getSerialNumber(), "the same certificate");
            await().atMost(Duration.ofSeconds(30)).until(() -> a.store().findCertificate(DOMAIN)
                    .map(c -> c.issued()).orElse(false));
            assertEquals(2, a.acme().ordersPlaced() + b.acme().ordersPlaced(),
                    "one order for the domain (both nodes want it) and one for the socket");
        }
    }

    @Test
    void aChallengePublishedByOneNodeIsAnsweredByAnother() throws Exception {
        StoreLocation location = StoreLocation.sqlite(dir.resolve("portway.db"));
        try (Store store = JdbcStore.open(location);
             Http01Answers one = new Http01Answers(store.acme());
             Http01Answers other = new Http01Answers(store.acme())) {
            one.publish("t".repeat(43), "t".repeat(43) + ".thumbprint");
            assertEquals(Optional.of("t".repeat(43) + ".thumbprint"), other.answer("t".repeat(43)).get());
            assertEquals(Optional.empty(), other.answer("u".repeat(43)).get());
            one.withdraw("t".repeat(43));
            assertTrue(other.answer("t".repeat(43)).get().isEmpty());
        }
    }
}

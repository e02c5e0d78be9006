// Two nodes on one PostgreSQL store and a real CA (Pebble): a socket created on one node gets one certificate,
// ordered by one node (a lease per name), and both nodes serve it from the store, each verified on its own HTTPS
// port against Pebble's root. Pebble validates HTTP-01 on the first node's HTTP port only, so whichever node
// ordered, the first answers the challenge from the store.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls;
import dev.portway.server.PortwayServer;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.StoreLocation;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
@Tag("postgres")
class AcmeClusterTest extends AcmeServerTest {
    static StoreLocation database;

    @BeforeAll
    static void database() throws Exception {
        database = PostgresServer.get().newDatabase();
    }

    private PortwayServer node(String name, int httpPort) throws Exception {
        return PortwayServer.start(ca.config(data.resolve(name), DOMAIN, httpPort).withStore(database));
    }

    @Test
    void oneOrderAndBothNodesServeTheCertificate() throws Exception {
        try (PortwayServer a = node("node-a", ca.httpPort()); PortwayServer b = node("node-b", 0)) {
            await("the domain's certificate").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.store().findCertificate(DOMAIN).map(CertificateRecord::issued).orElse(false));
            long before = a.acme().ordersPlaced() + b.acme().ordersPlaced();
            assertEquals(1, before, "one order for the domain, by one of the two nodes");

            String token = ApiCalls.signupAndLogin(http, b, "ann@example.com");
            String name = ApiCalls.call(http, b, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                    .json().get("dns_name").asText();
            for (PortwayServer node : new PortwayServer[] {a, b}) {
                int https = node.config().httpsPort();
                await("a valid certificate for " + name + " on port " + https).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).until(() -> client.valid(https, name));
            }
            X509Certificate onA = client.handshake(a.config().httpsPort(), name);
            X509Certificate onB = client.handshake(b.config().httpsPort(), name);
            assertEquals(onA.getSerialNumber(), onB.getSerialNumber(), "the same certificate, from the store");
            assertTrue(onA.getIssuerX500Principal().getName().contains("Pebble"));
            assertEquals(before + 1, a.acme().ordersPlaced() + b.acme().ordersPlaced(),
                    "one order for the socket's name across both nodes");
        }
    }
}

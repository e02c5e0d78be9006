// A CA that cannot validate (its HTTP-01 port leads nowhere): the engine records the CA's error as last_error, keeps
// trying with a growing backoff up to its cap, and never orders a name twice at once.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.ApiCalls;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class AcmeRetryTest {
    static final AcmeEngine.Timing QUICK = new AcmeEngine.Timing(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(1), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    /** A sink that keeps what it was given. */
    static final class Served implements CertificateSink {
        final Map<String, String> chains = new ConcurrentHashMap<>();

        @Override
        public void put(String name, String chainPem, String keyPem) {
            chains.put(name, chainPem);
        }

        @Override
        public void remove(String name) {
            chains.remove(name);
        }
    }

    @Test
    void aFailedOrderRecordsTheCasErrorAndIsRetriedWithBackoff() throws Exception {
        Served served = new Served();
        // Nothing listens on the CA's HTTP port: Pebble's validation finds no answer there.
        try (AcmeTestCa ca = AcmeTestCa.start(dir);
             Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
             Http01Answers answers = new Http01Answers(store.acme());
             AcmeEngine engine = new AcmeEngine(ca.acme(), "portway.test", store, answers, null, served, "n1",
                     QUICK)) {
            engine.wanted("fails.portway.test");
            engine.start("localhost");

            CertificateRecord failed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> store.findCertificate("fails.portway.test").orElseThrow(),
                            c -> c.lastError() != null);
            assertTrue(failed.lastError().contains("urn:ietf:params:acme:error:connection"), failed.lastError());
            assertFalse(failed.issued());

            // Each failure waits twice as long as the one before, up to the cap; the CA is asked again each time.
            Set<Duration> waits = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                CertificateRecord c = store.findCertificate("fails.portway.test").orElseThrow();
                waits.add(Duration.between(Instant.parse(c.updatedAt()), Instant.parse(c.nextAttemptAt())));
                return waits.contains(QUICK.maxRetry());
            });
            assertTrue(waits.contains(Duration.ofMillis(300)), waits.toString());
            assertTrue(waits.contains(Duration.ofMillis(600)), waits.toString());
            assertEquals(Set.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(1)), waits);
            assertTrue(engine.ordersPlaced() >= 3, "ordered " + engine.ordersPlaced() + " times");
            assertTrue(served.chains.isEmpty());
        }
    }

    /** A private CA (Pebble) without --acme-ca-root: the last error says so, not acme4j's bare "Network error". */
    @Test
    void aCaWhoseHttpsIsNotTrustedSaysWhatToGive() throws Exception {
        try (AcmeTestCa ca = AcmeTestCa.start(dir);
             Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
             Http01Answers answers = new Http01Answers(store.acme());
             AcmeEngine engine = new AcmeEngine(new AcmeSettings(ca.pebble().directory(), null, null, null),
                     "portway.test", store, answers, null, new Served(), "n1", QUICK)) {
            engine.start("portway.test");
            String error = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> store.findCertificate("portway.test").orElseThrow().lastError(), e -> e != null);
            assertTrue(error.startsWith("ACME account: the ACME server's HTTPS certificate is not trusted ("), error);
            assertTrue(error.endsWith("): for a private CA, give its root with --acme-ca-root"), error);
        }
    }

    @Test
    void aSocketShowsItsCertificatesLastError() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (AcmeTestCa ca = AcmeTestCa.start(dir);
             PortwayServer server = PortwayServer.start(TestServers.configWithFreePorts(dir.resolve("data"), 2)
                     .toBuilder()
                     .domain("portway.test").acme(ca.acme()).build())) {
            String token = ApiCalls.signupAndLogin(http, server, "eve@example.com");
            String id = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"https\"}").json()
                    .get("socket_id").asText();
            String error = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    ApiCalls.call(http, server, "GET", "sockets/" + id, token, null).json()
                            .path("certificate").path("last_error").asText(""), e -> !e.isEmpty());
            assertTrue(error.contains("urn:ietf:params:acme:error:connection"), error);
        }
    }
}

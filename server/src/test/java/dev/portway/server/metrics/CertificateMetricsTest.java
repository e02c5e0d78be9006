// portway_certificates by state and portway_certificate_expiry_seconds on a real server's /metrics, from the
// certificates in its store.
package dev.portway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ServerTestCase;
import dev.portway.server.acme.TestCertificates;
import dev.portway.server.store.CertificateRecord;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateMetricsTest extends ServerTestCase {
    final HttpClient http = HttpClient.newHttpClient();

    private Scrape scrape() throws Exception {
        return Scrape.fetch(http, "http://127.0.0.1:" + server.config().apiPort() + "/metrics");
    }

    @Test
    void countsByStateAndTheSecondsLeftOnTheSoonest() throws Exception {
        server = servers.start(dir);
        Instant now = Instant.now();
        server.store().saveCertificate(TestCertificates.issued("*.example.org", List.of("example.org",
                "*.example.org"), now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))));
        server.store().saveCertificate(TestCertificates.issued("app.example.net", List.of("app.example.net"),
                now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10))));
        server.store().saveCertificate(TestCertificates.issued("old.example.net", List.of("old.example.net"),
                now.minus(Duration.ofDays(91)), now.minus(Duration.ofDays(1))));
        server.store().saveCertificate(TestCertificates.failed("shop.example.com",
                "urn:ietf:params:acme:error:connection: connection refused", now.plus(Duration.ofHours(1))));
        server.store().saveCertificate(CertificateRecord.wanted("new.example.org", now.toString()));
        Scrape s = scrape();
        assertEquals(1, s.value("portway_certificates", "state=valid"));
        assertEquals(1, s.value("portway_certificates", "state=expiring"));
        assertEquals(2, s.value("portway_certificates", "state=failed"), "never issued, and expired");
        assertTrue(s.has("portway_certificates", "state=valid"));
        double left = s.value("portway_certificate_expiry_seconds");
        assertEquals(-Duration.ofDays(1).toSeconds(), left, 60, "the expired one is the soonest");
    }

    @Test
    void aServerWithoutAcmeShowsZerosAndTheExpiryOfItsOwnCertificate() throws Exception {
        server = servers.start(dir);
        Scrape s = scrape();
        for (String state : List.of("valid", "expiring", "failed")) {
            assertTrue(s.has("portway_certificates", "state=" + state), state);
            assertEquals(0, s.value("portway_certificates", "state=" + state), state);
        }
        Instant own = Instant.parse(server.certificates().describe(null).orElseThrow().notAfter());
        assertEquals(Duration.between(Instant.now(), own).toSeconds(), s.value("portway_certificate_expiry_seconds"),
                60, "the self-signed certificate from DATA/tls");
    }
}

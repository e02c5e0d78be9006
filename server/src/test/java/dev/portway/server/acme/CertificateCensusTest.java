// The census behind the certificate metrics: counts by state and the soonest expiry, read again after a few
// seconds, and the last count kept while the store is gone.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.TestClock;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateCensusTest {
    @TempDir
    Path dir;

    @Test
    void countsByStateAndTheSoonestExpiryAndKeepsTheLastCountWhenTheStoreIsGone() throws Exception {
        TestClock clock = new TestClock();
        Instant now = clock.instant();
        try (Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("s.db")))) {
            CertificateCensus census = new CertificateCensus(store, clock, Optional::empty);
            assertEquals(0, census.count(CertificateState.VALID));
            assertTrue(Double.isNaN(census.soonestExpirySeconds()), "nothing issued: no expiry");

            store.saveCertificate(TestCertificates.issued("*.example.org", List.of("example.org", "*.example.org"),
                    now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))));
            store.saveCertificate(TestCertificates.issued("app.example.net", List.of("app.example.net"),
                    now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10))));
            store.saveCertificate(TestCertificates.failed("shop.example.com", "urn:ietf:params:acme:error:dns: "
                    + "NXDOMAIN looking up A for shop.example.com", now.plus(Duration.ofHours(1))));
            store.saveCertificate(CertificateRecord.wanted("new.example.org", now.toString()));
            assertEquals(0, census.count(CertificateState.VALID), "read again only after a few seconds");

            clock.advance(Duration.ofSeconds(5));
            assertEquals(1, census.count(CertificateState.VALID));
            assertEquals(1, census.count(CertificateState.EXPIRING));
            assertEquals(1, census.count(CertificateState.FAILED));
            assertEquals(1, census.count(CertificateState.PENDING));
            assertEquals(Duration.ofDays(10).minusSeconds(5).toSeconds(), census.soonestExpirySeconds());

            CertificateCensus withOwn = new CertificateCensus(store, clock,
                    () -> Optional.of(now.plus(Duration.ofDays(3))));
            assertEquals(Duration.ofDays(3).minusSeconds(5).toSeconds(), withOwn.soonestExpirySeconds(),
                    "the server's own certificate counts too when it expires first");

            store.close();
            clock.advance(Duration.ofSeconds(5));
            assertEquals(1, census.count(CertificateState.EXPIRING), "the last count stands");
        }
    }
}

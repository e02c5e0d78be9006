// A certificate's state from its record and the time: valid, expiring once a third of its lifetime is left,
// failed when nothing usable is there and an attempt failed (or it expired), pending before the first result.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.server.store.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateStateTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(90));

    private static CertificateRecord ninetyDays() throws Exception {
        return TestCertificates.issued("a.example.org", List.of("a.example.org"), ISSUED, EXPIRES);
    }

    @Test
    void validUntilAThirdOfTheLifetimeIsLeftThenExpiringThenFailedOnceExpired() throws Exception {
        CertificateRecord c = ninetyDays();
        assertEquals(CertificateState.VALID, CertificateState.of(c, ISSUED));
        Instant third = EXPIRES.minus(Duration.ofDays(30));
        assertEquals(CertificateState.VALID, CertificateState.of(c, third.minusSeconds(1)));
        assertEquals(CertificateState.EXPIRING, CertificateState.of(c, third));
        assertEquals(CertificateState.EXPIRING, CertificateState.of(c, EXPIRES.minusSeconds(1)));
        assertEquals(CertificateState.FAILED, CertificateState.of(c, EXPIRES));
    }

    @Test
    void aRenewalErrorLeavesAnIssuedCertificateInItsState() throws Exception {
        CertificateRecord c = ninetyDays();
        CertificateRecord retrying = new CertificateRecord(c.name(), c.chainPem(), c.keyPem(), c.issuer(),
                c.notBefore(), c.notAfter(), "urn:ietf:params:acme:error:rateLimited: too many certificates",
                EXPIRES.minus(Duration.ofDays(20)).toString(), false, c.updatedAt());
        assertEquals(CertificateState.EXPIRING, CertificateState.of(retrying, EXPIRES.minus(Duration.ofDays(21))));
    }

    @Test
    void aRenewalTheCaAskedForEarlierMakesItExpiringFromThen() throws Exception {
        CertificateRecord c = ninetyDays();
        Instant ari = EXPIRES.minus(Duration.ofDays(40));
        CertificateRecord planned = new CertificateRecord(c.name(), c.chainPem(), c.keyPem(), c.issuer(),
                c.notBefore(), c.notAfter(), null, ari.toString(), false, c.updatedAt());
        assertEquals(CertificateState.VALID, CertificateState.of(planned, ari.minusSeconds(1)));
        assertEquals(CertificateState.EXPIRING, CertificateState.of(planned, ari));
    }

    @Test
    void notIssuedIsFailedAfterAnErrorAndPendingBefore() {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        assertEquals(CertificateState.PENDING,
                CertificateState.of(CertificateRecord.wanted("b.example.org", now.toString()), now));
        assertEquals(CertificateState.FAILED, CertificateState.of(TestCertificates.failed("b.example.org",
                "urn:ietf:params:acme:error:dns: NXDOMAIN looking up A for b.example.org", now), now));
        assertEquals("failed", CertificateState.FAILED.wire());
        assertEquals(CertificateState.PENDING, CertificateState.of(TestCertificates.failed("b.example.org",
                AcmeEngine.RATE_WAIT + " (10 per day new certificates): ordered from 2026-03-02T00:00:00Z", now), now),
                "waiting for its account's budget is no failure: nothing was asked of the CA");
    }
}

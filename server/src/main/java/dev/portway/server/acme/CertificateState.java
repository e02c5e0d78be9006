// Where a certificate the server wants stands, as the metrics and the admin page show it. Renewal is due when a
// third of the lifetime is left, or earlier when the CA's renewal information (ARI) said so, so "expiring" means due
// and not yet renewed: a state that lasts is a renewal failing.
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

public enum CertificateState {
    /** Issued, and more than a third of its lifetime left. */
    VALID,
    /** Issued and not expired, but due for renewal: a third of its lifetime or less left, or the CA's time come. */
    EXPIRING,
    /** Nothing usable to serve: the last attempt failed before any certificate was issued, or it has expired. */
    FAILED,
    /**
     * Wanted, not issued yet, and no attempt has failed so far: the first order is under way, or waits for its
     * account's --certificate-rate.
     */
    PENDING;

    public static CertificateState of(CertificateRecord c, Instant now) {
        if (c.issued() && c.notAfter() != null) {
            Instant notAfter = Instant.parse(c.notAfter());
            if (now.isBefore(notAfter)) {
                Instant notBefore = c.notBefore() == null ? notAfter : Instant.parse(c.notBefore());
                Instant due = notAfter.minus(Duration.between(notBefore, notAfter).dividedBy(3));
                // Without an error, the next attempt is the renewal the engine planned (by ARI, maybe earlier);
                // after one, it is a retry, which says nothing about the certificate.
                if (c.lastError() == null && c.nextAttemptAt() != null) {
                    Instant planned = Instant.parse(c.nextAttemptAt());
                    due = planned.isBefore(due) ? planned : due;
                }
                return now.isBefore(due) ? VALID : EXPIRING;
            }
            return FAILED;
        }
        return c.lastError() != null && !c.lastError().startsWith(AcmeEngine.RATE_WAIT) ? FAILED : PENDING;
    }

    /** As the metrics' state label and the admin API write it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

// How many certificates are in each state and how soon the first one expires, for the metrics. Read from the store
// at most once per few seconds, since one scrape reads several gauges; when the store does not answer, the last
// count stands (readiness already says the store is gone, and a scrape must never fail for it).
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

public final class CertificateCensus {
    private static final Duration FRESH = Duration.ofSeconds(5);

    private record Count(Map<CertificateState, Long> states, double soonestExpirySeconds, Instant taken) {
    }

    private final Store store;
    private final Clock clock;
    private Count last;

    public CertificateCensus(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public long count(CertificateState state) {
        return current().states().getOrDefault(state, 0L);
    }

    /**
     * Seconds until the soonest not_after of the issued certificates (negative once one has expired); NaN when
     * none is issued, so that an alert on a threshold stays quiet on a server without certificates.
     */
    public double soonestExpirySeconds() {
        return current().soonestExpirySeconds();
    }

    private synchronized Count current() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.taken().plus(FRESH))) {
            return last;
        }
        List<CertificateRecord> all;
        try {
            all = store.allCertificates();
        } catch (RuntimeException e) {
            return last != null ? last : new Count(Map.of(), Double.NaN, Instant.MIN);
        }
        Map<CertificateState, Long> states = new EnumMap<>(CertificateState.class);
        double soonest = Double.NaN;
        for (CertificateRecord c : all) {
            states.merge(CertificateState.of(c, now), 1L, Long::sum);
            if (c.issued() && c.notAfter() != null) {
                double left = Duration.between(now, Instant.parse(c.notAfter())).toMillis() / 1000.0;
                soonest = Double.isNaN(soonest) ? left : Math.min(soonest, left);
            }
        }
        last = new Count(states, soonest, now);
        return last;
    }
}

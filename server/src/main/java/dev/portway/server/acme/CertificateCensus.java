// How many certificates by ACME are in each state, and how soon the first certificate the edge serves expires (the
// server's own from DATA/tls included: certbot's, say, whose renewal may fail too), for the metrics. Read from the
// store at most once per few seconds, since one scrape reads several gauges; when the store does not answer, the
// last count stands (readiness already says the store is gone, and a scrape must never fail for it).
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

public final class CertificateCensus {
    private static final Duration FRESH = Duration.ofSeconds(5);

    private record Count(Map<CertificateState, Long> states, double soonestExpirySeconds, Instant taken) {
    }

    private final Store store;
    private final Clock clock;
    private final Supplier<Optional<Instant>> ownNotAfter;
    private Count last;

    /** ownNotAfter: the expiry of the server's own certificate (DATA/tls) as served now, if it is known yet. */
    public CertificateCensus(Store store, Clock clock, Supplier<Optional<Instant>> ownNotAfter) {
        this.store = store;
        this.clock = clock;
        this.ownNotAfter = ownNotAfter;
    }

    public long count(CertificateState state) {
        return current().states().getOrDefault(state, 0L);
    }

    /**
     * Seconds until the soonest not_after of the certificates served: those issued by ACME and the server's own
     * (negative once one has expired); NaN when there is none, so that an alert on a threshold stays quiet.
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
        Instant soonestNotAfter = ownNotAfter.get().orElse(null);
        for (CertificateRecord c : all) {
            states.merge(CertificateState.of(c, now), 1L, Long::sum);
            if (c.issued() && c.notAfter() != null) {
                Instant notAfter = Instant.parse(c.notAfter());
                soonestNotAfter = soonestNotAfter == null || notAfter.isBefore(soonestNotAfter) ? notAfter
                        : soonestNotAfter;
            }
        }
        double soonest = soonestNotAfter == null ? Double.NaN
                : Duration.between(now, soonestNotAfter).toMillis() / 1000.0;
        last = new Count(states, soonest, now);
        return last;
    }
}

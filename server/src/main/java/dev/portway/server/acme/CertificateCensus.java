// How many certificates by ACME are in each state, and how soon the first certificate the edge serves expires (the
// server's own from DATA/tls included: certbot's, say, whose renewal may fail too), for the metrics. Read from the
// store at most once per few seconds, since one scrape reads several gauges; when the store does not answer, the
// last count stands (readiness already says the store is gone, and a scrape must never fail for it). It binds its
// own gauges (a Micrometer MeterBinder), so that the metrics need not know ACME.
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

public final class CertificateCensus implements MeterBinder {
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

    /**
     * Certificates by state, and the time left on the one that expires first, read at scrapes. The gauges hold the
     * census (Micrometer's gauges hold their object weakly, and nothing else keeps this one).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (CertificateState state : List.of(CertificateState.VALID, CertificateState.EXPIRING,
                CertificateState.FAILED)) {
            Gauge.builder("portway.certificates", this, c -> c.count(state))
                    .description("Certificates of the server's names, by state (valid; expiring: a third of the "
                            + "lifetime or less left, renewal due; failed: none usable, the last attempt failed)")
                    .tag("state", state.wire()).strongReference(true).register(registry);
        }
        Gauge.builder("portway.certificate.expiry", this, CertificateCensus::soonestExpirySeconds)
                .description("Seconds until the soonest expiry of the certificates the HTTPS edge serves "
                        + "(by ACME, and the server's own from DATA/tls)")
                .baseUnit("seconds").strongReference(true).register(registry);
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

// After a failed order a name waits, twice as long as after the failure before (within the engine's Timing), so that
// a CA that refuses is not asked again and again; the failure's log line is repeated at most once a day.
package dev.portway.server.acme;

import dev.portway.server.log.LogThrottle;
import dev.portway.server.store.AcmeTables;
import dev.portway.server.store.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class RetryBackoff {
    /** Logged as the engine's lines: the log reads as it did before this class was split out. */
    private static final Logger LOG = LoggerFactory.getLogger(AcmeEngine.class);

    private final AcmeTables tables;
    private final AcmeEngine.Timing timing;
    /** The engine's view of each wanted name, which a failure updates. */
    private final Map<String, CertificateRecord> known;
    private final Map<String, LogThrottle> failureLogs = new ConcurrentHashMap<>();

    RetryBackoff(AcmeTables tables, AcmeEngine.Timing timing, Map<String, CertificateRecord> known) {
        this.tables = tables;
        this.timing = timing;
        this.known = known;
    }

    /** Keeps the certificate it has, records the CA's error and when to try again: twice as late as last time. */
    void failed(CertificateRecord c, String error) {
        Instant now = Instant.now();
        // A wait for the rate is no failure: the first failure after it waits the first retry, not twice the wait.
        Duration previous = c.lastError() != null && !c.lastError().startsWith(AcmeEngine.RATE_WAIT)
                && c.nextAttemptAt() != null
                ? Duration.between(Instant.parse(c.updatedAt()), Instant.parse(c.nextAttemptAt())) : Duration.ZERO;
        Duration delay = previous.compareTo(timing.firstRetry()) < 0 ? timing.firstRetry()
                : previous.multipliedBy(2).compareTo(timing.maxRetry()) > 0 ? timing.maxRetry()
                : previous.multipliedBy(2);
        CertificateRecord after = new CertificateRecord(c.name(), c.chainPem(), c.keyPem(), c.issuer(),
                c.notBefore(), c.notAfter(), error, now.plus(delay).toString(), false, now.toString());
        if (tables.updateCertificate(after)) {
            known.put(c.name(), after);
        }
        failureLogs.computeIfAbsent(c.name(), n -> new LogThrottle(Duration.ofDays(1))).hit(n ->
                LOG.warn("certificate for {} not issued: {}; next try in {}{}", c.name(), error, delay,
                        LogThrottle.more(n)));
    }

    /** The name was issued: its next failure is logged at once. */
    void succeeded(String name) {
        failureLogs.remove(name);
    }
}

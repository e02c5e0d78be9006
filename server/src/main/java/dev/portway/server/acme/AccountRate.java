// The accounts' --certificate-rate: the CA's rate limits are the server's, so each account's new orders are counted
// and capped; a name past its account's cap waits, and its last_error says until when.
package dev.portway.server.acme;

import dev.portway.server.log.LogThrottle;
import dev.portway.server.security.SignupRate;
import dev.portway.server.store.AcmeTables;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AccountRate {
    /** Logged as the engine's lines: the log reads as it did before this class was split out. */
    private static final Logger LOG = LoggerFactory.getLogger(AcmeEngine.class);

    private final Store store;
    private final AcmeTables tables;
    private final SignupRate rate;
    /** The engine's view of each wanted name, which a wait updates. */
    private final Map<String, CertificateRecord> known;
    private final LogThrottle rateWaits = new LogThrottle(Duration.ofMinutes(1));

    AccountRate(Store store, SignupRate rate, Map<String, CertificateRecord> known) {
        this.store = store;
        this.tables = store.acme();
        this.rate = rate;
        this.known = known;
    }

    /** How long the accounts' orders are counted. */
    Duration window() {
        return rate.per();
    }

    /**
     * Counts a new order against the account whose socket or custom domain the name is (the server's own names
     * count against nobody); when the account has had its --certificate-rate, the name waits until the oldest
     * counted order leaves the window, which its last_error says. False: it waits.
     */
    boolean take(CertificateRecord c) {
        Optional<String> owner = owner(c.name());
        if (owner.isEmpty()) {
            return true;
        }
        long now = System.currentTimeMillis();
        long since = now - rate.per().toMillis();
        if (tables.takeOrder(owner.get(), c.name(), now, since, rate.count())) {
            return true;
        }
        Instant next = Instant.ofEpochMilli(tables.oldestOrder(owner.get(), since).orElse(now) + rate.per()
                .toMillis() + 1);
        String error = AcmeEngine.RATE_WAIT + " (" + rate + " new certificates): ordered from " + next;
        CertificateRecord waiting = new CertificateRecord(c.name(), c.chainPem(), c.keyPem(), c.issuer(),
                c.notBefore(), c.notAfter(), error, next.toString(), false, Instant.now().toString());
        if (tables.updateCertificate(waiting)) {
            known.put(c.name(), waiting);
        }
        rateWaits.hit(n -> LOG.info("certificate for {} not ordered yet: its account has ordered {} new certificates;"
                + " next try at {}{}", c.name(), rate, next, LogThrottle.more(n)));
        return false;
    }

    /** The account whose socket's name or verified custom domain this is; empty for the server's own names. */
    private Optional<String> owner(String certificate) {
        if (NamePlan.isWildcard(certificate)) {
            return Optional.empty();
        }
        return store.findSocketByDnsName(certificate).map(SocketRecord::ownerId)
                .or(() -> store.findCustomDomain(certificate).flatMap(d -> store.findSocket(d.socketId()))
                        .map(SocketRecord::ownerId));
    }
}

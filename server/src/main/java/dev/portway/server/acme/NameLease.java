// One node per name at a time orders a certificate, on one node or many: the node holds the name's lease in the store
// for as long as its order runs, which may be longer than the lease (a wildcard: two DNS hook runs, propagation and
// validation each), so the lease is renewed meanwhile and no other node starts a second order of the name.
package dev.portway.server.acme;

import dev.portway.server.log.LogThrottle;
import dev.portway.server.store.AcmeTables;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class NameLease {
    /** Logged as the engine's lines: the log reads as it did before this class was split out. */
    private static final Logger LOG = LoggerFactory.getLogger(AcmeEngine.class);

    /** An order run while the lease is held. */
    interface Work {
        void run() throws InterruptedException;
    }

    private final AcmeTables tables;
    private final String nodeId;
    private final Duration lease;
    /** Where the renewals run: the engine's own thread. */
    private final ScheduledExecutorService renewals;
    private final LogThrottle storeDown;

    NameLease(AcmeTables tables, String nodeId, Duration lease, ScheduledExecutorService renewals,
              LogThrottle storeDown) {
        this.tables = tables;
        this.nodeId = nodeId;
        this.lease = lease;
        this.renewals = renewals;
        this.storeDown = storeDown;
    }

    /** Runs the work holding the name's lease, renewed every third of it; nothing when another node holds it. */
    void holding(String name, Work work) throws InterruptedException {
        long start = System.currentTimeMillis();
        if (!tables.takeLease(name, nodeId, start, start + lease.toMillis())) {
            return; // another node is at it
        }
        long renew = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> keep = renewals.scheduleAtFixedRate(() -> renew(name), renew, renew,
                TimeUnit.MILLISECONDS);
        try {
            work.run();
        } finally {
            keep.cancel(false);
            tables.releaseLease(name, nodeId);
        }
    }

    private void renew(String name) {
        try {
            long now = System.currentTimeMillis();
            tables.takeLease(name, nodeId, now, now + lease.toMillis());
        } catch (RuntimeException e) {
            storeDown.hit(n -> LOG.warn("certificates: cannot reach the store: {}{}", e.getMessage(),
                    LogThrottle.more(n)));
        }
    }
}

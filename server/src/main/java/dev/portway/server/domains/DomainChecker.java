// Proves custom domains: looks up each pending domain's TXT record, every 5 s at first, then twice as long apart
// each time (at most 5 min), until it holds the domain's value (verified) or 24 h have passed (failed). Any number
// of nodes may run one on a shared store: each check is claimed by a conditional update, and a status changes only
// from the round of checks it was read in, so racing checkers neither look up a name twice nor flap its status.
// Lookups run on a few threads of their own (never the event loops), at most that many at once, and at most
// LOOKUPS_PER_ACCOUNT a minute for one account's domains: anyone may add any names (and remove and add them again),
// and each new one is looked up at once, so without it one account could make the server's resolver ask a zone
// for made-up names as fast as the API answers.
package dev.portway.server.domains;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.config.NameRules;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.store.CustomDomainRecord;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class DomainChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomainChecker.class);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(5);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /** Lookups at once: each may wait for its DNS server's timeout. */
    private static final int PARALLEL = 4;
    /** Per account and node: a full account (20 domains) restarted by verify fits, a loop of new names does not. */
    static final int LOOKUPS_PER_ACCOUNT = 30;

    private final Store store;
    private final TxtLookup lookup;
    private final Clock clock;
    private final AuditLog audit;
    private final Semaphore slots = new Semaphore(PARALLEL);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "portway-domains"));
    private final ExecutorService lookups = Executors.newFixedThreadPool(PARALLEL, r -> daemon(r,
            "portway-dns"));
    private final FailureLimiter perAccount;
    /** The first wait between checks of a domain (NameRules.FIRST_CHECK; shorter in tests), and the ticks. */
    private final Duration firstInterval;
    private final Duration tick;
    private volatile Consumer<String> settled = id -> { };

    public DomainChecker(Store store, TxtLookup lookup, Clock clock, AuditLog audit) {
        this(store, lookup, clock, audit, NameRules.FIRST_CHECK);
    }

    /** Due checks are looked for five times per first interval, at most once a second (1 s for the default 5 s). */
    public DomainChecker(Store store, TxtLookup lookup, Clock clock, AuditLog audit, Duration firstInterval) {
        this.store = store;
        this.lookup = lookup;
        this.clock = clock;
        this.audit = audit;
        this.firstInterval = firstInterval;
        Duration fifth = firstInterval.dividedBy(5);
        this.tick = fifth.compareTo(Duration.ofSeconds(1)) < 0 ? fifth : Duration.ofSeconds(1);
        this.perAccount = new FailureLimiter(LOOKUPS_PER_ACCOUNT, Duration.ofMinutes(1), clock);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The clock that times the checks (and stamps new domains). */
    public Clock clock() {
        return clock;
    }

    /**
     * Told the socket's id each time this node settles one of its domains (verified or failed), and the ids of the
     * sockets whose claims of a name failed because another socket's was verified.
     */
    public void onSettled(Consumer<String> socketId) {
        settled = socketId;
    }

    public void start() {
        ticks.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks what is due now instead of at the next tick (a domain was added, or verify asked for). */
    public void wake() {
        try {
            ticks.execute(this::tick);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    private void tick() {
        try {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            long now = clock.millis();
            for (CustomDomainRecord d : store.dueCustomDomains(now, free)) {
                long next = now + interval(now - d.checkSince(), firstInterval);
                if (!slots.tryAcquire()) {
                    return;
                }
                Optional<String> owner = store.findSocket(d.socketId()).map(SocketRecord::ownerId);
                Duration wait = owner.map(perAccount::take).orElse(Duration.ZERO);
                if (owner.isEmpty() || !wait.isZero()) {
                    slots.release();
                    // Deleted meanwhile (its domains with it), or its account looked up enough for now: then this
                    // check waits, without a lookup, until it may.
                    if (owner.isPresent()) {
                        store.claimCustomDomainCheck(d.name(), d.socketId(), d.nextCheckAt(), now + wait.toMillis());
                    }
                    continue;
                }
                if (!store.claimCustomDomainCheck(d.name(), d.socketId(), d.nextCheckAt(), next)) {
                    slots.release(); // another node's checker took it
                    continue;
                }
                lookups.execute(() -> {
                    try {
                        check(d);
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (RejectedExecutionException e) {
            // Stopping.
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the store may be back at the next tick.
            LOG.warn("could not check custom domains: {}", e.toString());
        }
    }

    /** The wait before the next check: as long as the checks have gone on, from 5 s to 5 min (doubling). */
    static long interval(long elapsedMillis) {
        return interval(elapsedMillis, NameRules.FIRST_CHECK);
    }

    private static long interval(long elapsedMillis, Duration first) {
        return Math.min(Math.max(elapsedMillis, first.toMillis()), MAX_INTERVAL.toMillis());
    }

    private void check(CustomDomainRecord d) {
        String txtName = DomainNames.txtName(d.name());
        boolean found;
        try {
            found = lookup.txt(txtName).contains(d.txtValue());
        } catch (Exception e) {
            LOG.debug("TXT {}: {}", txtName, e.toString());
            found = false;
        }
        try {
            if (found) {
                settle(d, CustomDomainInfo.VERIFIED, AuditEntry.DOMAIN_VERIFIED);
            } else if (clock.millis() - d.checkSince() >= GIVE_UP_AFTER.toMillis()) {
                settle(d, CustomDomainInfo.FAILED, AuditEntry.DOMAIN_FAILED);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record the check of custom domain {}: {}", d.name(), e.toString());
        }
    }

    private void settle(CustomDomainRecord d, String status, String action) {
        if (!store.settleCustomDomain(d.name(), d.socketId(), d.checkSince(), status)) {
            return; // removed, restarted or settled meanwhile
        }
        LOG.info("custom domain {} {}", d.name(), status);
        audit.record(null, null, action, "domain " + d.name(), "socket " + d.socketId(), null);
        settled.accept(d.socketId());
        if (status.equals(CustomDomainInfo.VERIFIED)) {
            // The other sockets' claims of the name failed with it: their owners hear of it too.
            store.customDomainClaims(d.name()).stream().map(CustomDomainRecord::socketId)
                    .filter(id -> !id.equals(d.socketId())).forEach(settled);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        lookups.shutdownNow();
    }
}

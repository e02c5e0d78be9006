// Certificates by ACME for the names this server serves (the domain, sockets' names, verified custom domains), on
// one node or many: the store's certificates table is the list of names wanted; every node serves what it holds
// (polling for changes) and orders what is due, one node per name at a time (a lease). Orders run on their own two
// threads, never on an event loop or an API thread. The CA's rate limits are the server's, so users cannot spend
// them: each account's new orders are capped (--certificate-rate; a name past it waits, served with what the server
// has), and the certificate of a name no longer served is kept a week, to be served again if the name comes back.
package dev.portway.server.acme;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.edge.EdgeSocket;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.store.AcmeTables;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.Store;
import java.io.IOException;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class AcmeEngine implements SocketCatalog.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeEngine.class);
    private static final int ORDER_THREADS = 2;
    /** Challenge answers older than this were left by a node that died mid-order. */
    private static final Duration STALE_CHALLENGE = Duration.ofHours(1);
    /** How long a released certificate is kept: Let's Encrypt counts duplicate certificates per week. */
    private static final Duration KEEP_RELEASED = Duration.ofDays(7);
    /** How last_error begins while a name waits for its owner's --certificate-rate, not for a failure. */
    static final String RATE_WAIT = "waiting for the account's --certificate-rate";

    /**
     * poll: how often the store is read for changes; firstRetry, maxRetry: the backoff after a failed order;
     * lease: how long a node may hold a name before another may take it over.
     */
    public record Timing(Duration poll, Duration firstRetry, Duration maxRetry, Duration lease) {
        public static final Timing DEFAULTS = new Timing(Duration.ofSeconds(3), Duration.ofMinutes(1),
                Duration.ofDays(1), Duration.ofMinutes(15));
    }

    private final Store store;
    private final AcmeTables tables;
    private final NamePlan plan;
    private final CertificateSink sink;
    private final Timing timing;
    /** What this node knows of each wanted name, as of its last poll (or its own order). */
    private final Map<String, CertificateRecord> known = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final LogThrottle storeDown = new LogThrottle(Duration.ofMinutes(1));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            daemon("portway-acme"));
    private final ExecutorService orderers = Executors.newFixedThreadPool(ORDER_THREADS, daemon("portway-acme-order"));
    private final CaOrders ca;
    private final NameLease lease;
    private final AccountRate rate;
    private final RetryBackoff backoff;
    private long polls;

    /**
     * dns01: the solver for the "*.DOMAIN" certificate (null: no wildcard; every name gets its own by HTTP-01).
     * nodeId: this node's name in the leases.
     */
    public AcmeEngine(AcmeSettings settings, String domain, Store store, Http01Answers answers,
                      ChallengeSolver dns01, CertificateSink sink, String nodeId, Timing timing) throws IOException {
        // acme4j makes its keys and requests with BouncyCastle's provider, by name; last in line, it changes no
        // choice the JDK makes elsewhere (TLS).
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        this.store = store;
        this.tables = store.acme();
        this.plan = new NamePlan(domain, dns01 != null);
        this.sink = sink;
        this.timing = timing;
        this.ca = new CaOrders(AcmeAccount.of(settings, tables), plan, new Http01Solver(answers), dns01);
        this.lease = new NameLease(tables, nodeId, timing.lease(), scheduler, storeDown);
        this.rate = new AccountRate(store, settings.certificateRate(), known);
        this.backoff = new RetryBackoff(tables, timing, known);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Serves what the store holds and starts ordering what is due; wants domain itself. */
    public void start(String domain) {
        wanted(domain);
        scheduler.scheduleWithFixedDelay(this::poll, 0, timing.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The server serves this name (a socket's, a verified custom domain, the domain): a certificate is ordered. */
    public void wanted(String host) {
        plan.certificateFor(host).ifPresent(name -> later(() -> {
            Instant now = Instant.now();
            Optional<CertificateRecord> kept = tables.released(name, now.toString())
                    .filter(c -> Instant.parse(c.notAfter()).isAfter(now));
            if (store.addCertificate(kept.orElse(CertificateRecord.wanted(name, now.toString())))) {
                if (kept.isPresent()) {
                    tables.dropReleased(name);
                    LOG.info("certificate for {} wanted again: the one it had, valid until {}", name,
                            kept.get().notAfter());
                } else {
                    LOG.info("certificate for {} wanted", name);
                }
            }
            poll();
        }));
    }

    /** The server no longer serves this name: no more renewals; an issued certificate is kept for a while. */
    public void unwanted(String host) {
        // Under the wildcard, the host may still have a row of its own, from a run before the DNS hook.
        plan.certificateFor(host).map(name -> NamePlan.isWildcard(name) ? host.toLowerCase(Locale.ROOT) : name)
                .ifPresent(name -> later(() -> {
                    store.findCertificate(name).filter(CertificateRecord::issued)
                            .ifPresent(c -> tables.release(c, System.currentTimeMillis()));
                    store.deleteCertificate(name);
                    poll();
                }));
    }

    /** The certificate record that covers the host, as this node knows it (for its last error). */
    public Optional<CertificateRecord> certificate(String host) {
        return plan.certificateFor(host).map(known::get);
    }

    /** Orders this node has placed with the CA since it started. */
    public long ordersPlaced() {
        return ca.placed();
    }

    @Override
    public void served(EdgeSocket socket) {
        if (!SocketType.isRaw(socket.type())) {
            wanted(socket.dnsName());
        }
    }

    @Override
    public void dropped(String dnsName) {
        unwanted(dnsName);
    }

    /** Runs the work on the engine's own thread, never the caller's (an event loop, an API thread). */
    private void later(Runnable work) {
        try {
            scheduler.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    storeDown.hit(n -> LOG.warn("certificates: cannot reach the store: {}{}", e.getMessage(),
                            LogThrottle.more(n)));
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Follows the store (what any node issued or was told) and starts the orders that are due. */
    private void poll() {
        try {
            Map<String, String> stamps = tables.certificateStamps();
            for (String name : new HashSet<>(known.keySet())) {
                if (!stamps.containsKey(name)) {
                    known.remove(name);
                    plan.servedAs(name).forEach(sink::remove);
                    LOG.info("certificate for {} no longer wanted", name);
                }
            }
            stamps.forEach((name, stamp) -> {
                CertificateRecord before = known.get(name);
                if (before == null || !before.updatedAt().equals(stamp)) {
                    store.findCertificate(name).ifPresent(now -> learn(before, now));
                }
            });
            Instant now = Instant.now();
            for (CertificateRecord c : known.values()) {
                if (due(c, now) && inFlight.add(c.name())) {
                    orderers.execute(() -> order(c.name()));
                }
            }
            if (polls++ % 100 == 0) {
                long millis = System.currentTimeMillis();
                tables.pruneChallenges(millis - STALE_CHALLENGE.toMillis());
                tables.pruneOrders(millis - rate.window().toMillis());
                tables.pruneReleased(millis - KEEP_RELEASED.toMillis());
            }
        } catch (RejectedExecutionException e) {
            // stopping
        } catch (RuntimeException e) {
            storeDown.hit(n -> LOG.warn("certificates: cannot reach the store: {}{}", e.getMessage(),
                    LogThrottle.more(n)));
        }
    }

    private void learn(CertificateRecord before, CertificateRecord now) {
        known.put(now.name(), now);
        if (now.issued() && (before == null || !now.chainPem().equals(before.chainPem()))) {
            serve(now);
        }
    }

    private void serve(CertificateRecord c) {
        for (String name : plan.servedAs(c.name())) {
            try {
                sink.put(name, c.chainPem(), c.keyPem());
            } catch (IllegalArgumentException e) {
                LOG.warn("certificate for {} not served: {}", name, e.getMessage());
            }
        }
    }

    private static boolean due(CertificateRecord c, Instant now) {
        return c.renewRequested() || c.nextAttemptAt() == null || !Instant.parse(c.nextAttemptAt()).isAfter(now);
    }

    /** On an order thread: takes the name's lease and, if it is still due, orders. */
    private void order(String name) {
        try {
            lease.holding(name, () -> {
                Optional<CertificateRecord> fresh = store.findCertificate(name);
                if (fresh.isPresent() && due(fresh.get(), Instant.now())) {
                    if (plan.orders(name)) {
                        attempt(fresh.get());
                    } else {
                        // Left by a run with another DNS hook setting: renewing it would spend the CA's limits on
                        // a name that another certificate covers now (or, a wildcard without a hook, cannot).
                        store.deleteCertificate(name);
                        LOG.info("certificate for {} no longer ordered: {}", name, NamePlan.isWildcard(name)
                                ? "no --acme-dns-hook; each name gets its own" : "the wildcard covers it");
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            storeDown.hit(n -> LOG.warn("certificate for {}: {}{}", name, e.getMessage(), LogThrottle.more(n)));
        } finally {
            inFlight.remove(name);
        }
    }

    private void attempt(CertificateRecord c) throws InterruptedException {
        if (!c.issued() && !rate.take(c)) {
            return;
        }
        Issued issued;
        try {
            issued = ca.issue(c);
        } catch (AcmeFailure e) {
            backoff.failed(c, e.getMessage());
            return;
        } catch (RuntimeException e) {
            backoff.failed(c, e.toString()); // a bug or a surprise of the library's: still no retry storm
            return;
        }
        CertificateRecord done = new CertificateRecord(c.name(), issued.chainPem(), issued.keyPem(), issued.issuer(),
                issued.notBefore().toString(), issued.notAfter().toString(), null, issued.renewAt().toString(), false,
                Instant.now().toString());
        if (!tables.updateCertificate(done)) {
            return; // no longer wanted while it was ordered
        }
        learn(known.get(c.name()), done);
        backoff.succeeded(c.name());
        LOG.info("certificate for {} issued by {}, valid until {}; renewal from {}", c.name(), issued.issuer(),
                issued.notAfter(), issued.renewAt());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        orderers.shutdownNow();
    }
}

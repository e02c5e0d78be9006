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
import dev.portway.server.security.SignupRate;
import dev.portway.server.store.AcmeTables;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeServerException;
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
    private final AcmeAccount account;
    private final NamePlan plan;
    private final ChallengeSolver http01;
    private final ChallengeSolver dns01;
    private final CertificateSink sink;
    private final String nodeId;
    private final Timing timing;
    private final SignupRate rate;
    /** What this node knows of each wanted name, as of its last poll (or its own order). */
    private final Map<String, CertificateRecord> known = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, LogThrottle> failureLogs = new ConcurrentHashMap<>();
    private final LogThrottle storeDown = new LogThrottle(Duration.ofMinutes(1));
    private final LogThrottle rateWaits = new LogThrottle(Duration.ofMinutes(1));
    private final AtomicLong orders = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            daemon("portway-acme"));
    private final ExecutorService orderers = Executors.newFixedThreadPool(ORDER_THREADS, daemon("portway-acme-order"));
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
        this.account = AcmeAccount.of(settings, tables);
        this.plan = new NamePlan(domain, dns01 != null);
        this.http01 = new Http01Solver(answers);
        this.dns01 = dns01;
        this.sink = sink;
        this.nodeId = nodeId;
        this.timing = timing;
        this.rate = settings.certificateRate();
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
        return orders.get();
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
                tables.pruneOrders(millis - rate.per().toMillis());
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

    /**
     * On an order thread: takes the name's lease and, if it is still due, orders. The lease is renewed while the
     * order runs, which may take longer than the lease (a wildcard: two DNS hook runs, propagation and validation
     * each), so that no other node starts a second order of the name meanwhile.
     */
    private void order(String name) {
        try {
            long start = System.currentTimeMillis();
            if (!tables.takeLease(name, nodeId, start, start + timing.lease().toMillis())) {
                return; // another node is at it
            }
            long renew = Math.max(1, timing.lease().toMillis() / 3);
            ScheduledFuture<?> keep = scheduler.scheduleAtFixedRate(() -> renewLease(name), renew, renew,
                    TimeUnit.MILLISECONDS);
            try {
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
            } finally {
                keep.cancel(false);
                tables.releaseLease(name, nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            storeDown.hit(n -> LOG.warn("certificate for {}: {}{}", name, e.getMessage(), LogThrottle.more(n)));
        } finally {
            inFlight.remove(name);
        }
    }

    private void renewLease(String name) {
        try {
            long now = System.currentTimeMillis();
            tables.takeLease(name, nodeId, now, now + timing.lease().toMillis());
        } catch (RuntimeException e) {
            storeDown.hit(n -> LOG.warn("certificates: cannot reach the store: {}{}", e.getMessage(),
                    LogThrottle.more(n)));
        }
    }

    private void attempt(CertificateRecord c) throws InterruptedException {
        if (!c.issued() && !withinRate(c)) {
            return;
        }
        Issued issued;
        try {
            issued = issue(c);
        } catch (AcmeFailure e) {
            failed(c, e.getMessage());
            return;
        } catch (RuntimeException e) {
            failed(c, e.toString()); // a bug or a surprise of the library's: still no retry storm
            return;
        }
        CertificateRecord done = new CertificateRecord(c.name(), issued.chainPem(), issued.keyPem(), issued.issuer(),
                issued.notBefore().toString(), issued.notAfter().toString(), null, issued.renewAt().toString(), false,
                Instant.now().toString());
        if (!tables.updateCertificate(done)) {
            return; // no longer wanted while it was ordered
        }
        learn(known.get(c.name()), done);
        failureLogs.remove(c.name());
        LOG.info("certificate for {} issued by {}, valid until {}; renewal from {}", c.name(), issued.issuer(),
                issued.notAfter(), issued.renewAt());
    }

    /** Orders once; when the CA no longer knows the account, registers it again and orders once more at once. */
    private Issued issue(CertificateRecord c) throws AcmeFailure, InterruptedException {
        try {
            return orderOnce(c);
        } catch (AcmeFailure e) {
            if (!(e.getCause() instanceof AcmeServerException s && s.getType() != null
                    && s.getType().toString().endsWith(":accountDoesNotExist"))) {
                throw e;
            }
            LOG.info("the CA no longer knows the server's account: registering it again");
            account.forget();
            return orderOnce(c);
        }
    }

    private Issued orderOnce(CertificateRecord c) throws AcmeFailure, InterruptedException {
        Login login;
        try {
            login = account.login();
        } catch (AcmeServerException e) {
            throw new AcmeFailure("ACME account: " + Orderer.describe(e.getProblem()), e);
        } catch (AcmeNetworkException e) {
            throw new AcmeFailure("ACME account: " + AcmeFailure.unreachable(e), e);
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure("ACME account: " + e.getMessage(), e);
        }
        orders.incrementAndGet();
        return new Orderer(login).order(plan.identifiers(c.name()), this::solver,
                c.issued() ? leaf(c.chainPem()) : null);
    }

    private ChallengeSolver solver(Authorization authorization) {
        return dns01 != null && (authorization.isWildcard() || plan.certificateFor(
                authorization.getIdentifier().getDomain()).filter(NamePlan::isWildcard).isPresent()) ? dns01 : http01;
    }

    /**
     * Counts a new order against the account whose socket or custom domain the name is (the server's own names
     * count against nobody); when the account has had its --certificate-rate, the name waits until the oldest
     * counted order leaves the window, which its last_error says. False: it waits.
     */
    private boolean withinRate(CertificateRecord c) {
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
        String error = RATE_WAIT + " (" + rate + " new certificates): ordered from " + next;
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

    /** Keeps the certificate it has, records the CA's error and when to try again: twice as late as last time. */
    private void failed(CertificateRecord c, String error) {
        Instant now = Instant.now();
        // A wait for the rate is no failure: the first failure after it waits the first retry, not twice the wait.
        Duration previous = c.lastError() != null && !c.lastError().startsWith(RATE_WAIT) && c.nextAttemptAt() != null
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

    private static X509Certificate leaf(String chainPem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            return null; // unreadable: order afresh instead of as a replacement
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        orderers.shutdownNow();
    }
}

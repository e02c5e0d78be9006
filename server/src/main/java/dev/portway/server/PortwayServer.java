// Assembles and runs one Portway server: store, TLS material, tunnel link listener, HTTP(S) edge and the API.
package dev.portway.server;

import dev.portway.server.config.ServerConfig;
import dev.portway.protocol.FilePermissions;
import dev.portway.protocol.Version;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.acme.AcmeEngine;
import dev.portway.server.acme.CertificateSink;
import dev.portway.server.acme.ChallengeSolver;
import dev.portway.server.acme.Dns01Solver;
import dev.portway.server.acme.DnsHook;
import dev.portway.server.acme.HookCommand;
import dev.portway.server.acme.Http01Answers;
import dev.portway.server.acme.CertificateCensus;
import dev.portway.server.api.ApiServer;
import dev.portway.server.access.BasicAuth;
import dev.portway.server.edge.ConnectionCap;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.Edge;
import dev.portway.server.edge.HttpEdgeInitializer;
import dev.portway.server.edge.RawEdgeInitializer;
import dev.portway.server.edge.RemoteTunnels;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.cluster.ClusterNode;
import dev.portway.server.domains.CustomDomainListener;
import dev.portway.server.domains.CustomDomains;
import dev.portway.server.domains.DnsTxtLookup;
import dev.portway.server.domains.DomainChecker;
import dev.portway.server.domains.Resolvers;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.edge.VisitorLoops;
import dev.portway.server.edge.VisitorSignIn;
import dev.portway.server.edge.VisitorStreams;
import dev.portway.server.events.TrafficTick;
import dev.portway.server.events.UserEvents;
import dev.portway.server.link.LinkInitializer;
import dev.portway.server.link.TunnelAuthenticator;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.MetricsGuard;
import dev.portway.server.metrics.MetricsServer;
import dev.portway.server.metrics.OpsEndpoints;
import dev.portway.server.metrics.Readiness;
import dev.portway.server.metrics.TimedCheck;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.oidc.OidcSignIn;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.Limits;
import dev.portway.server.security.TlsMaterial;
import dev.portway.server.tls.CertificateBook;
import dev.portway.server.tls.OwnCertificateFiles;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import io.javalin.util.JavalinBindException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class PortwayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortwayServer.class);
    /** /readyz answers within 2 s even while the database hangs: the store gets this long to answer a query. */
    private static final Duration STORE_CHECK_TIMEOUT = Duration.ofMillis(1_500);
    /** How soon a certificate the operator put in DATA/tls is served. */
    private static final Duration OWN_FILES_POLL = Duration.ofSeconds(2);
    /** How soon a visitor's sign-out on another node refuses their cookie here too. */
    private static final Duration SIGN_OUT_POLL = Duration.ofSeconds(2);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final VisitorLoops visitorLoops = new VisitorLoops();
    private final EventLoopGroup workers = new NioEventLoopGroup(0, (Executor) null, visitorLoops,
            SelectorProvider.provider(), DefaultSelectStrategyFactory.INSTANCE);
    private final ExecutorService blocking = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "portway-blocking");
        t.setDaemon(true);
        return t;
    });
    private final List<Channel> listeners = new ArrayList<>();
    private Store store;
    private TunnelRegistry registry;
    private volatile ApiServer api;
    private ServerConfig config;
    /** DATA/tls: the edge's own certificate, which the operator may replace while the server runs. */
    private TlsMaterial tls;
    /** DATA/tunnel-tls: the tunnel port's, which agents and other nodes pin: it never changes by itself. */
    private TlsMaterial link;
    private CertificateBook certificates;
    private OwnCertificateFiles ownFiles;
    /** Orders and renews certificates when --acme-directory is set; null otherwise. */
    private volatile AcmeEngine acme;
    private Http01Answers challenges;
    private volatile Edge edge;
    private DedicatedPorts ports;
    /** Set when the store is shared (PostgreSQL): this server is one node of several. */
    private volatile ClusterNode cluster;
    private final UserEvents events = new UserEvents();
    private final ServerMetrics metrics = new ServerMetrics();
    private final Readiness readiness = new Readiness();
    private MetricsServer metricsServer;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portway-events");
        t.setDaemon(true);
        return t;
    });
    private long ticks;
    /** Times custom domains' checks: the system's, or a test's. */
    private final Clock domainClock;
    private DomainChecker domainChecker;
    private SocketCatalog catalog;
    /** Visitor sign-in with the --oidc-issuer provider; null without one. */
    private OidcSignIn signIn;

    private PortwayServer(Clock domainClock) {
        this.domainClock = domainClock;
    }

    /** Starts every listener; on failure everything started so far is stopped again. */
    public static PortwayServer start(ServerConfig config) throws StartupException {
        return start(config, Clock.systemUTC());
    }

    /** domainClock: what times custom domains' checks (their 24 h, their backoff). */
    public static PortwayServer start(ServerConfig config, Clock domainClock) throws StartupException {
        PortwayServer server = new PortwayServer(domainClock);
        try {
            server.run(config);
            return server;
        } catch (StartupException e) {
            server.close();
            throw e;
        } catch (RuntimeException e) {
            server.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    private void run(ServerConfig requested) throws StartupException {
        LocalhostDomain.warning(requested.domain(), requested.bind()).ifPresent(LOG::warn);
        MetricsGuard metricsGuard = metricsGuard(requested); // before anything binds or writes
        try {
            Files.createDirectories(requested.dataDir());
            FilePermissions.ownerOnlyDir(requested.dataDir());
            tls = TlsMaterial.loadOrCreate(requested.dataDir(), requested.domain());
            link = TlsMaterial.linkOf(requested.dataDir(), requested.domain());
        } catch (IOException e) {
            throw new StartupException("cannot use data dir " + requested.dataDir() + ": " + e.getMessage(), e);
        }
        String resolver;
        try {
            resolver = requested.names().resolver() == null ? null : Resolvers.parse(requested.names().resolver());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        store = JdbcStore.open(requested.store());
        domainChecker = new DomainChecker(store, new DnsTxtLookup(resolver), domainClock,
                new AuditLog(store, domainClock));
        readiness.add("store", new TimedCheck(store::isReachable, STORE_CHECK_TIMEOUT));
        registry = new TunnelRegistry(this::tunnelStarted, this::persistTraffic);
        metrics.watch(registry);
        metrics.watch(new CertificateCensus(store, Clock.systemUTC(), this::ownCertificateNotAfter));
        if (store.clustered()) {
            try {
                cluster = ClusterNode.join(store, requested.dataDir(), link, registry, workers);
            } catch (IOException e) {
                throw new StartupException("cannot use data dir " + requested.dataDir() + ": " + e.getMessage(), e);
            }
        }
        SslContext ssl;
        try {
            SslContextBuilder linkSsl = SslContextBuilder.forServer(link.certFile().toFile(), link.keyFile().toFile());
            if (cluster != null) {
                // Another node proves itself with its certificate (checked against the store at its hello) as
                // well as the cluster key; agents present none, so asking must not make one required.
                linkSsl.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            // Links keep BoringSSL: they carry the bulk of every transfer. Visitors get the JDK's engine (see
            // ServedCertificate): it lets a TLS 1.3 visitor half-close (close_notify) and still read the answer.
            ssl = linkSsl.build();
            certificates = new CertificateBook(Files.readString(tls.certFile()), Files.readString(tls.keyFile()));
            ownFiles = new OwnCertificateFiles(tls.certFile(), tls.keyFile(), certificates);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
        catalog = new SocketCatalog();
        List<SocketRecord> sockets = store.allSockets();
        sockets.forEach(catalog::put);
        VisitorStreams streams = new VisitorStreams(registry, metrics,
                cluster == null ? RemoteTunnels.NONE : cluster.remoteTunnels(), visitorLoops);
        ConnectionCap cap = new ConnectionCap(requested.limits().maxConnections(),
                requested.limits().maxConnectionsPerAddress());
        LinkInitializer links = new LinkInitializer(ssl, new TunnelAuthenticator(store), registry, blocking,
                s -> catalog.byName(s.dnsName()).map(e -> config.socketUrl(e.dnsName(), e.type(), e.port()))
                        .orElse(null), requested.heartbeat(), requested.deadAfter(), metrics);
        int tunnelPort = bind("tunnel", requested.bind(), requested.tunnelPort(), links, false);
        if (requested.acme().enabled()) {
            challenges = new Http01Answers(store.acme());
        }
        int httpPort = bind("http", requested.bind(), requested.httpPort(),
                new HttpEdgeInitializer(null, () -> edge, challenges), true);
        int httpsPort = bind("https", requested.bind(), requested.httpsPort(),
                new HttpEdgeInitializer(certificates, () -> edge), true);
        if (requested.oidc().enabled()) {
            SocketCatalog served = catalog;
            signIn = new OidcSignIn(requested.oidc(), requested.domain(), httpsPort, store.visitors(),
                    name -> served.byName(name).filter(s -> s.access().signInByEmail()).isPresent(),
                    Clock.systemUTC());
        }
        edge = new Edge(catalog, streams, new BasicAuth(blocking), httpsPort, requested.limits(), cap,
                new FailureLimiter(Limits.UNKNOWN_NAMES_PER_ADDRESS, Limits.NAMES_WINDOW, Clock.systemUTC()),
                new FailureLimiter(Limits.VISITOR_AUTH_FAILURES_PER_ADDRESS, Limits.VISITOR_AUTH_WINDOW,
                        Clock.systemUTC()), signIn == null ? VisitorSignIn.NONE : signIn);
        config = requested.withPorts(requested.apiPort(), httpPort, httpsPort, tunnelPort);
        int[] range = config.tcpPortRange();
        ports = new DedicatedPorts(bootstrap(new RawEdgeInitializer(catalog, streams, cap), true), config.bind(),
                range[0], range[1]);
        sockets.stream().filter(s -> s.port() != null).forEach(s -> ports.open(s.port(), s.dnsName()));
        if (cluster != null) {
            cluster.start(config.advertisedAddress(), tunnelPort, link.fingerprint(), links, catalog, ports, sockets);
        }
        ServerInfo info = new ServerInfo(Version.PRODUCT, Version.LINK_PROTOCOL, config.domain(), tunnelPort,
                link.fingerprint(), httpPort, httpsPort, config.signup())
                .withOidcIssuer(config.oidc().enabled() ? config.oidc().issuer().toString() : null);
        api = new ApiServer(config, store, registry, registry, info, catalog, ports, certificates, events,
                new OpsEndpoints(metrics, readiness, config.metricsPort() == null, metricsGuard), domainChecker);
        domainChecker.onSettled(api::domainSettled);
        if (requested.acme().enabled()) {
            startAcme(catalog, sockets);
        }
        if (cluster != null) {
            ClusterNode c = cluster;
            api.listTunnelNodes(c::tunnelAddresses);
            api.clusterNode(c.nodeId());
        }
        try {
            api.start(config.bind(), config.apiPort());
        } catch (JavalinBindException e) {
            throw new StartupException("port " + config.apiPort() + " (api) is already in use", e);
        }
        config = config.withPorts(api.port(), httpPort, httpsPort, tunnelPort);
        if (config.metricsPort() != null) {
            metricsServer = startMetrics(config.bind(), config.metricsPort());
            config = config.withMetricsPort(metricsServer.port());
        }
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        clock.scheduleWithFixedDelay(ownFiles::poll, OWN_FILES_POLL.toMillis(), OWN_FILES_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        if (signIn != null) {
            clock.scheduleWithFixedDelay(() -> offLoop(this::pollSignOuts), SIGN_OUT_POLL.toMillis(),
                    SIGN_OUT_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        domainChecker.start();
    }

    /** Other nodes' visitor sign-outs; a store that does not answer now is asked again at the next poll. */
    private void pollSignOuts() {
        try {
            signIn.poll();
        } catch (RuntimeException e) {
            LOG.warn("could not read visitor sign-outs: {}", e.toString());
        }
    }

    /** Certificates for --domain, every socket's name and verified custom domain, now and as they come and go. */
    private void startAcme(SocketCatalog catalog, List<SocketRecord> sockets) throws StartupException {
        CertificateBook book = certificates;
        CertificateSink sink = new CertificateSink() {
            @Override
            public void put(String name, String chainPem, String keyPem) {
                book.put(name, chainPem, keyPem);
                api.certificateChanged(name);
            }

            @Override
            public void remove(String name) {
                book.remove(name);
                api.certificateChanged(name);
            }
        };
        try {
            acme = new AcmeEngine(config.acme(), config.domain(), store, challenges, dnsSolver(), sink,
                    cluster == null ? "single" : cluster.nodeId(), AcmeEngine.Timing.DEFAULTS);
        } catch (IOException e) {
            throw new StartupException("--acme-ca-root: " + e.getMessage(), e);
        }
        catalog.listen(acme);
        AcmeEngine engine = acme;
        api.certificateErrors(name -> engine.certificate(name).map(CertificateRecord::lastError).orElse(null));
        // A tls socket's visitors end TLS at its origin: neither its name nor its custom domains need ours.
        Predicate<String> terminated = socketId -> catalog.byId(socketId)
                .filter(socket -> !SocketType.isRaw(socket.type())).isPresent();
        catalog.customDomains().onChange(new CustomDomainListener() {
            @Override
            public void served(String name, String socketId) {
                if (terminated.test(socketId)) {
                    engine.wanted(name);
                }
            }

            @Override
            public void withdrawn(String name) {
                engine.unwanted(name);
            }
        });
        catalog.customDomains().served().forEach((name, socketId) -> {
            if (terminated.test(socketId)) {
                engine.wanted(name);
            }
        });
        sockets.stream().filter(s -> !SocketType.isRaw(s.socketType())).forEach(s -> engine.wanted(s.dnsName()));
        acme.start(config.domain());
    }

    /** When the server's own certificate (DATA/tls), as the edge serves it now, expires; empty before it is read. */
    private Optional<Instant> ownCertificateNotAfter() {
        CertificateBook book = certificates;
        return book == null ? Optional.empty()
                : book.describe(null).map(CertificateInfo::notAfter).map(Instant::parse);
    }

    /** The DNS-01 solver for the "*.DOMAIN" certificate: set with --acme-dns-hook (null: none). */
    private ChallengeSolver dnsSolver() {
        String hook = config.acme().dnsHook();
        if (hook == null) {
            return null;
        }
        return new Dns01Solver(new DnsHook(HookCommand.parse(hook), DnsHook.DEFAULT_TIMEOUT),
                new DnsTxtLookup(config.names().resolver()));
    }

    private static MetricsGuard metricsGuard(ServerConfig config) throws StartupException {
        if (config.metricsTokenFile() == null) {
            return MetricsGuard.loopbackOnly();
        }
        try {
            return MetricsGuard.fromFile(config.metricsTokenFile());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private MetricsServer startMetrics(String host, int port) throws StartupException {
        try {
            return MetricsServer.start(host, port, metrics);
        } catch (BindException e) {
            throw new StartupException("port " + port + " (metrics) is already in use", e);
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + host + ":" + port + " (metrics): " + e.getMessage(), e);
        }
    }

    /** visitors: an edge listener; its front doors read on demand, and each visitor starts on a hinted loop. */
    private ServerBootstrap bootstrap(ChannelHandler initializer, boolean visitors) {
        ServerBootstrap b = new ServerBootstrap();
        if (visitors) {
            b.handler(visitorLoops.acceptHint());
        }
        return b.group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, !visitors)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.recvAllocator())
                .childHandler(initializer);
    }

    private int bind(String what, String host, int port, ChannelHandler initializer, boolean visitors)
            throws StartupException {
        ServerBootstrap b = bootstrap(initializer, visitors);
        try {
            Channel ch = b.bind(host, port).syncUninterruptibly().channel();
            listeners.add(ch);
            readiness.add(what + " listener", ch::isActive);
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (Exception e) {
            if (e instanceof BindException) {
                throw new StartupException("port " + port + " (" + what + ") is already in use", e);
            }
            throw new StartupException("cannot listen on " + host + ":" + port + " (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    /** The owner was seen (an admin's user list tells), and their apps hear of it. */
    private void tunnelStarted(TunnelSession s) {
        metrics.linkConnected();
        ApiServer a = api;
        if (s.ownerId() == null) {
            return;
        }
        ClusterNode c = cluster;
        if (c != null) {
            offLoop(() -> c.linkStarted(s));
        }
        offLoop(() -> {
            store.touchUser(s.ownerId(), java.time.Instant.now().toString());
            if (a != null && events.watched(s.ownerId())) {
                a.tunnelChanged(s.ownerId(), s.tunnelId());
            }
        });
    }

    private void offLoop(Runnable work) {
        try {
            blocking.execute(work);
        } catch (RejectedExecutionException e) {
            // Stopping: nobody is left to tell.
        }
    }

    /** Once a second, each watched user's online tunnels' counters; every 15 s a comment keeps quiet streams open. */
    private void tick() {
        try {
            sendTraffic(++ticks);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: one bad tick must not end the stream of samples.
            LOG.warn("could not send traffic events: {}", e.toString());
        }
    }

    private void sendTraffic(long n) {
        TrafficTick.send(events, registry.here());
        if (n % 15 == 0) {
            events.comment("still here");
        }
    }

    private void persistTraffic(TunnelSession s) {
        metrics.linkEnded(s.bytesIn(), s.bytesOut());
        ApiServer a = api;
        ClusterNode c = cluster;
        Runnable save = () -> {
            if (c != null) {
                c.linkEnded(s);
            }
            store.addTunnelTraffic(s.tunnelId(), s.bytesIn(), s.bytesOut());
            if (a != null) {
                a.tunnelChanged(s.ownerId(), s.tunnelId());
            }
        };
        try {
            blocking.execute(save);
        } catch (RejectedExecutionException e) {
            save.run();
        }
        LOG.info("tunnel {} offline for {}", s.tunnelId(), s.dnsName());
    }

    public ServerConfig config() {
        return config;
    }

    /** The tunnel port's certificate's fingerprint: what agents and other nodes pin. */
    public String fingerprint() {
        return link.fingerprint();
    }

    /** The API's certificate's fingerprint (when it takes HTTPS): the one the domain is served, by SNI or not. */
    public String apiFingerprint() {
        return certificates.fingerprint(config.domain());
    }

    /** Loads DATA/tls/cert.pem and key.pem again (SIGHUP); a pair that does not load leaves the previous served. */
    public void reloadCertificates() {
        ownFiles.reload();
    }

    /** The ACME engine (null without --acme-directory). */
    public AcmeEngine acme() {
        return acme;
    }

    /** The certificates the HTTPS edge and the API serve, by name. */
    public CertificateBook certificates() {
        return certificates;
    }

    /** The custom domains this node serves, and where the certificate code hears when they change. */
    public CustomDomains customDomains() {
        return catalog.customDomains();
    }

    /** Visitor connections open right now, over every edge port. */
    public int openVisitorConnections() {
        Edge e = edge;
        return e == null ? 0 : e.cap().open();
    }

    /** Every route of the API, with the roles that may call it. */
    public List<ApiServer.Route> apiRoutes() {
        return api.routes();
    }

    public TunnelRegistry registry() {
        return registry;
    }

    public Store store() {
        return store;
    }

    /** Where every user's live events are published. */
    public UserEvents events() {
        return events;
    }

    /**
     * Graceful stop, first half: takes no more visitors or agents, tells every agent (GOAWAY), and waits until the
     * streams in flight have ended, at most timeout. close() then ends what is left.
     */
    public void drain(Duration timeout) {
        if (cluster != null) {
            cluster.leave();
        }
        listeners.forEach(ch -> ch.close().syncUninterruptibly());
        listeners.clear();
        if (ports != null) {
            ports.close();
        }
        // Event streams end at once: a drain does not wait for their clients to leave.
        events.endEveryone();
        if (registry == null) {
            return;
        }
        registry.goAwayAll();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registry.openStreams() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** This node's part in a cluster (a shared PostgreSQL store), or null for a single server. */
    public ClusterNode cluster() {
        return cluster;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        if (acme != null) {
            acme.close();
        }
        if (challenges != null) {
            challenges.close();
        }
        if (domainChecker != null) {
            domainChecker.close();
        }
        if (signIn != null) {
            signIn.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        listeners.forEach(ch -> ch.close().syncUninterruptibly());
        if (ports != null) {
            ports.close();
        }
        if (registry != null) {
            registry.disconnectAll();
        }
        if (api != null) {
            api.stop();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdown();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
        metrics.close();
    }
}

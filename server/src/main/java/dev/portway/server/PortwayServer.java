// Assembles and runs one Portway server: store, TLS material, tunnel link listener, HTTP(S) edge and the API.
package dev.portway.server;

import dev.portway.server.config.ServerConfig;
import dev.portway.protocol.FilePermissions;
import dev.portway.protocol.Version;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.acme.AcmeEngine;
import dev.portway.server.acme.AcmeStartup;
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
import dev.portway.server.domains.CustomDomains;
import dev.portway.server.domains.DnsTxtLookup;
import dev.portway.server.domains.DomainChecker;
import dev.portway.server.domains.Resolvers;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.edge.VisitorSignIn;
import dev.portway.server.edge.VisitorStreams;
import dev.portway.server.edge.udp.UdpEdgeInitializer;
import dev.portway.server.events.TrafficTicker;
import dev.portway.server.events.UserEvents;
import dev.portway.server.link.LinkDrain;
import dev.portway.server.link.LinkInitializer;
import dev.portway.server.link.LinkTls;
import dev.portway.server.link.TunnelAuthenticator;
import dev.portway.server.link.TunnelRegistry;
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
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
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

    private final Readiness readiness = new Readiness();
    private final Listeners listeners = new Listeners(readiness);
    private final BlockingWork blocking = new BlockingWork();
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
    private MetricsServer metricsServer;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portway-events");
        t.setDaemon(true);
        return t;
    });
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
        try {
            Transports.current(); // Main's start lines name it
        } catch (IllegalArgumentException e) { // a -Dportway.transport that cannot load: before any loop starts
            throw new StartupException(e.getMessage(), e);
        }
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
        MetricsGuard metricsGuard = MetricsPort.guard(requested); // before anything binds or writes
        openDataDir(requested);
        openStore(requested);
        SslContext ssl = loadCertificates();
        catalog = new SocketCatalog();
        List<SocketRecord> sockets = store.allSockets();
        sockets.forEach(catalog::put);
        listen(requested, ssl, sockets);
        startApi(requested, metricsGuard, sockets);
        schedule();
    }

    /** DATA with its edge certificate (DATA/tls) and its tunnel port's (DATA/tunnel-tls), made on first start. */
    private void openDataDir(ServerConfig requested) throws StartupException {
        try {
            Files.createDirectories(requested.dataDir());
            FilePermissions.ownerOnlyDir(requested.dataDir());
            tls = TlsMaterial.loadOrCreate(requested.dataDir(), requested.domain());
            link = TlsMaterial.linkOf(requested.dataDir(), requested.domain());
        } catch (IOException e) {
            throw new StartupException("cannot use data dir " + requested.dataDir() + ": " + e.getMessage(), e);
        }
    }

    /** The store and what reads it from the start: the domain checks, the registry's book, a cluster's node. */
    private void openStore(ServerConfig requested) throws StartupException {
        String resolver;
        try {
            resolver = requested.names().resolver() == null ? null : Resolvers.parse(requested.names().resolver());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        store = JdbcStore.open(requested.store());
        domainChecker = new DomainChecker(store, new DnsTxtLookup(resolver), domainClock,
                new AuditLog(store, domainClock), requested.names().firstCheck());
        readiness.add("store", new TimedCheck(store::isReachable, STORE_CHECK_TIMEOUT));
        TunnelBook book = new TunnelBook(metrics, store, events, blocking, () -> api, () -> cluster);
        registry = new TunnelRegistry(book::started, book::ended);
        metrics.watch(registry);
        metrics.watch(new CertificateCensus(store, Clock.systemUTC(),
                () -> AcmeStartup.ownCertificateNotAfter(certificates)));
        if (store.clustered()) {
            try {
                cluster = ClusterNode.join(store, requested.dataDir(), link, registry, listeners.workers());
            } catch (IOException e) {
                throw new StartupException("cannot use data dir " + requested.dataDir() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The edge's certificates, watched for the operator's replacements; returns the tunnel port's TLS. */
    private SslContext loadCertificates() throws StartupException {
        try {
            SslContext ssl = LinkTls.serverContext(link, cluster != null);
            certificates = new CertificateBook(Files.readString(tls.certFile()), Files.readString(tls.keyFile()));
            ownFiles = new OwnCertificateFiles(tls.certFile(), tls.keyFile(), certificates);
            return ssl;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
    }

    /** The tunnel port, the HTTP(S) edge and the sockets' own ports; config gets the ports bound. */
    private void listen(ServerConfig requested, SslContext ssl, List<SocketRecord> sockets) throws StartupException {
        VisitorStreams streams = new VisitorStreams(registry, metrics,
                cluster == null ? RemoteTunnels.NONE : cluster.remoteTunnels(), listeners.visitorLoops());
        ConnectionCap cap = new ConnectionCap(requested.limits().maxConnections(),
                requested.limits().maxConnectionsPerAddress());
        LinkInitializer links = new LinkInitializer(ssl, new TunnelAuthenticator(store), registry, blocking.executor(),
                s -> catalog.byName(s.dnsName()).map(e -> config.socketUrl(e.dnsName(), e.type(), e.port()))
                        .orElse(null), requested.heartbeat(), requested.deadAfter(), requested.handshakeTimeout(),
                metrics);
        int tunnelPort = listeners.bind("tunnel", requested.bind(), requested.tunnelPort(), links, false);
        if (requested.acme().enabled()) {
            challenges = new Http01Answers(store.acme());
        }
        int httpPort = listeners.bind("http", requested.bind(), requested.httpPort(),
                new HttpEdgeInitializer(null, () -> edge, challenges), true);
        int httpsPort = listeners.bind("https", requested.bind(), requested.httpsPort(),
                new HttpEdgeInitializer(certificates, () -> edge), true);
        if (requested.oidc().enabled()) {
            SocketCatalog served = catalog;
            signIn = new OidcSignIn(requested.oidc(), requested.domain(), httpsPort, store.visitors(),
                    name -> served.byName(name).filter(s -> s.access().signInByEmail()).isPresent(),
                    Clock.systemUTC());
        }
        edge = new Edge(catalog, streams, new BasicAuth(blocking.executor()), httpsPort, requested.limits(), cap,
                new FailureLimiter(Limits.UNKNOWN_NAMES_PER_ADDRESS, Limits.NAMES_WINDOW, Clock.systemUTC()),
                new FailureLimiter(Limits.VISITOR_AUTH_FAILURES_PER_ADDRESS, Limits.VISITOR_AUTH_WINDOW,
                        Clock.systemUTC()), signIn == null ? VisitorSignIn.NONE : signIn);
        config = requested.withPorts(requested.apiPort(), httpPort, httpsPort, tunnelPort);
        int[] range = config.tcpPortRange();
        ports = new DedicatedPorts(listeners.bootstrap(new RawEdgeInitializer(catalog, streams, cap), true),
                config.bind(), range[0], range[1]);
        int[] udpRange = config.udpPortRange();
        ports.withUdp(DedicatedPorts.udp(listeners.datagrams(new UdpEdgeInitializer(catalog, streams, metrics,
                requested.udp())), config.bind(), udpRange[0], udpRange[1]));
        sockets.stream().filter(s -> s.port() != null)
                .forEach(s -> ports.forType(s.socketType()).open(s.port(), s.dnsName()));
        if (cluster != null) {
            cluster.start(config.advertisedAddress(), tunnelPort, link.fingerprint(), links, catalog, ports, sockets);
        }
    }

    /** The API (with /metrics unless a port of its own is asked for), and the ACME engine whose errors it shows. */
    private void startApi(ServerConfig requested, MetricsGuard metricsGuard, List<SocketRecord> sockets)
            throws StartupException {
        ServerInfo info = new ServerInfo(Version.PRODUCT, Version.LINK_PROTOCOL, config.domain(), config.tunnelPort(),
                link.fingerprint(), config.httpPort(), config.httpsPort(), config.signup())
                .withOidcIssuer(config.oidc().enabled() ? config.oidc().issuer().toString() : null);
        api = new ApiServer(config, store, registry, registry, info, catalog, ports, certificates, events,
                new OpsEndpoints(metrics, readiness, config.metricsPort() == null, metricsGuard), domainChecker);
        domainChecker.onSettled(api::domainSettled);
        if (requested.acme().enabled()) {
            try {
                acme = AcmeStartup.start(config.acme(), config.domain(), config.names().resolver(), store, challenges,
                        certificates, api::certificateChanged, catalog, sockets,
                        cluster == null ? "single" : cluster.nodeId());
            } catch (IOException e) {
                throw new StartupException("--acme-ca-root: " + e.getMessage(), e);
            }
            AcmeEngine engine = acme;
            api.certificateErrors(name -> engine.certificate(name).map(CertificateRecord::lastError).orElse(null));
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
        config = config.withPorts(api.port(), config.httpPort(), config.httpsPort(), config.tunnelPort());
        if (config.metricsPort() != null) {
            metricsServer = MetricsPort.start(config.bind(), config.metricsPort(), metrics);
            config = config.withMetricsPort(metricsServer.port());
        }
    }

    /** The clock's work: the traffic tick, the operator's certificate files, other nodes' sign-outs, domain checks. */
    private void schedule() {
        clock.scheduleAtFixedRate(new TrafficTicker(events, registry), 1, 1, TimeUnit.SECONDS);
        clock.scheduleWithFixedDelay(ownFiles::poll, OWN_FILES_POLL.toMillis(), OWN_FILES_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        if (signIn != null) {
            clock.scheduleWithFixedDelay(() -> blocking.offLoop(this::pollSignOuts), SIGN_OUT_POLL.toMillis(),
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
        listeners.stopListening();
        if (ports != null) {
            ports.close();
        }
        // Event streams end at once: a drain does not wait for their clients to leave.
        events.endEveryone();
        if (registry != null) {
            LinkDrain.drain(registry, timeout);
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
        listeners.stopListening();
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
        listeners.close();
        blocking.close();
        if (store != null) {
            store.close();
        }
        metrics.close();
    }
}

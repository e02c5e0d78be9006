// The REST API under /api/v1: assembles every route with the role that may call it, checks the caller once per
// request, and maps failures to {"error":{"code","message"}}.
package dev.portway.server.api;

import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.domains.DomainChecker;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.events.UserEvents;
import dev.portway.server.live.Disconnects;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.metrics.OpsEndpoints;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.Limits;
import dev.portway.server.security.LoginCodes;
import dev.portway.server.store.Store;
import dev.portway.server.tls.CertificateBook;
import dev.portway.server.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Marks a response that already carries our error body, so the 404 fallback leaves it alone. */
    private static final String ANSWERED = "portway.answered";
    /** How long, and how much, a refused oversized body is still read before the connection closes. */
    private static final long LINGER_MILLIS = 2_000;
    private static final long LINGER_BYTES = 1024 * 1024;
    private static final String API = "/api/v1";
    /**
     * The API's threads and queued tasks: enough for its blocking store calls, bounded so that a flood of requests
     * waits (or is refused) here instead of taking the threads and memory the edge and the tunnel port run on.
     */
    private static final int MAX_THREADS = 64;
    private static final int MIN_THREADS = 4;
    private static final int MAX_QUEUED = 4_096;
    /** What a caller is told to wait when the store does not answer. */
    private static final int STORE_RETRY_SECONDS = 5;
    private final Javalin app;
    private final SocketController sockets;
    private final AdminSockets adminSockets;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final UserEvents events;
    /** While the store is down every call fails alike: one log line per period says how many. */
    private final LogThrottle storeDown = new LogThrottle(java.time.Duration.ofSeconds(10));
    /** Ends event streams (completes or cuts their responses) for publishers, which must not do it themselves. */
    private final ExecutorService streamEnds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portway-api-streams");
        t.setDaemon(true);
        return t;
    });
    private String host;
    private int port;

    /** The cluster's tunnel ports (null: a single server), asked each time an agent reads /server. */
    private volatile Supplier<List<String>> tunnelNodes = () -> null;

    /**
     * Plain HTTP unless config.apiTls() (not on loopback, no --insecure-api): then HTTPS only, with the
     * certificate the book serves for the domain, followed as it changes. ops: health, readiness and metrics beside
     * /api/v1, and the timing of every request. live: what the API shows of the live links; disconnects: how it has
     * the link code close them.
     */
    public ApiServer(ServerConfig config, Store store, LiveTunnels live, Disconnects disconnects, ServerInfo info,
                     SocketCatalog catalog, DedicatedPorts ports, CertificateBook certificates, UserEvents events,
                     OpsEndpoints ops, DomainChecker domainChecker) {
        boolean tls = config.apiTls();
        Clock clock = Clock.systemUTC();
        ApiTokens tokens = new ApiTokens(store);
        AuditLog audit = new AuditLog(store, clock);
        Signup signup = new Signup(config.signup());
        SocketTeardown teardown = new SocketTeardown(catalog, ports, disconnects, events);
        AccountController accounts = new AccountController(store, tokens, signup, audit, config.quotas());
        sockets = new SocketController(store, live, disconnects, config, catalog, ports, events, teardown,
                certificates, new SocketDomains(store, config, audit, domainChecker.clock(), domainChecker::wake));
        this.events = events;
        EventStream stream = new EventStream(events, config.apiLimits(), streamEnds);
        Handler guard = tls ? ApiServer::refusePlain : ctx -> { };
        AdminSignIn signIn = new AdminSignIn(store, tokens, new LoginCodes(clock), audit, new FailureLimiter(
                Limits.LOGIN_CODE_FAILURES_PER_ADDRESS, Limits.LOGIN_WINDOW, clock), guard);
        AdminApi admin = new AdminApi(
                new AdminUsers(store, live, disconnects, teardown, audit, events, config.quotas()),
                adminSockets = new AdminSockets(store, live, disconnects, config, teardown, audit),
                new AdminServerView(config, this::port, signup, store, live, ports, ops.udp(), audit, clock),
                new AuditController(store), signIn, new AdminCertificates(store, clock));
        Authentication authentication = new Authentication(store, tokens, clock);
        AdminPage page = new AdminPage(guard);
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.useVirtualThreads = false;
            c.jsonMapper(new JavalinJackson(Json.create(), false));
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000,
                    new BlockingArrayQueue<>(MAX_QUEUED));
            threads.setName("portway-api");
            c.jetty.threadPool = threads;
            // Heap buffers: a flood of API connections cannot take the direct memory the edge's Netty needs.
            c.jetty.modifyHttpConfiguration(http -> {
                http.setUseInputDirectByteBuffers(false);
                http.setUseOutputDirectByteBuffers(false);
            });
            c.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addBean(new ConnectionLimit(config.apiLimits().connections(), server));
                server.addBean(new AddressConnectionCap(server, config.apiLimits().connectionsPerAddress()));
            });
            ops.addTo(c, guard);
            if (tls) {
                c.jetty.addConnector((server, http) -> ApiTls.connector(server, http, certificates, config.domain(),
                        host, port));
            }
            c.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath(),
                            h.getRoles().stream().map(Object::toString).collect(Collectors.toUnmodifiableSet())));
                }
            });
            // After the plain-request check below (a before handler), and only for routes that exist: an unknown
            // path answers 404 whoever asks.
            c.router.mount(r -> r.beforeMatched(API + "/*", authentication));
            c.router.apiBuilder(page::routes);
            c.router.apiBuilder(() -> get(AdminSignIn.LOGIN_PATH, signIn::redeem));
            c.router.apiBuilder(() -> path(API, () -> {
                if (tls) {
                    before(ctx -> refusePlain(ctx));
                }
                get("server", ctx -> ctx.json(info.withSignup(signup.open()).withTunnelNodes(tunnelNodes.get())),
                        Role.ANYONE);
                post("accounts", accounts::create, Role.ANYONE);
                post("login", accounts::login, Role.ANYONE);
                post("logout", accounts::logout, Role.USER);
                get("account", accounts::show, Role.USER);
                get("events", stream::handle, Role.USER);
                path("sockets", () -> {
                    get(sockets::list, Role.USER);
                    post(sockets::create, Role.USER);
                    path("{socket_id}", () -> {
                        get(sockets::show, Role.USER);
                        delete(sockets::delete, Role.USER);
                        patch(sockets::update, Role.USER);
                        path("tunnels", () -> {
                            get(sockets::listTunnels, Role.USER);
                            post(sockets::createTunnel, Role.USER);
                            path("{tunnel_id}", () -> {
                                get(sockets::showTunnel, Role.USER);
                                delete(sockets::deleteTunnel, Role.USER);
                                post("credential", sockets::rotateCredential, Role.USER);
                            });
                        });
                    });
                });
                path("admin", admin::routes);
            }));
        });
        for (Route r : routes) {
            if (r.path().startsWith(API) && r.roles().isEmpty()) {
                throw new IllegalStateException("API route " + r + " names no role");
            }
        }
        app.exception(ApiException.class, (e, ctx) -> {
            ctx.attribute(ANSWERED, true);
            e.retryAfter().ifPresent(s -> ctx.header(Header.RETRY_AFTER, Long.toString(s)));
            if (e.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
                answerAndHangUp(ctx, e);
                return;
            }
            ctx.status(e.code().status()).json(ApiError.of(e.code(), e.getMessage()));
        });
        app.exception(StoreException.class, (e, ctx) -> {
            if (!e.unavailable()) {
                failed(ctx, e);
                return;
            }
            storeDown.hit(n -> LOG.warn("{} API request(s) in the last 10 s found the store not answering; latest"
                    + " {} {}: {}", n, ctx.method(), ctx.path(), e.getMessage()));
            ctx.header(Header.RETRY_AFTER, Integer.toString(STORE_RETRY_SECONDS));
            ctx.status(ErrorCode.STORE_UNAVAILABLE.status()).json(ApiError.of(ErrorCode.STORE_UNAVAILABLE,
                    "the server's database does not answer; try again in a few seconds"));
        });
        app.exception(Exception.class, (e, ctx) -> failed(ctx, e));
        app.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                ctx.json(ApiError.of(ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static void failed(io.javalin.http.Context ctx, Exception e) {
        LOG.error("API request {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(ApiError.of(ErrorCode.INTERNAL, "internal error; see the server log"));
    }

    /**
     * Sends the error and closes the connection soon after: the server would otherwise read (and discard) the rest
     * of an oversized body, however long, only to keep the connection open.
     */
    private static void answerAndHangUp(io.javalin.http.Context ctx, ApiException e) {
        try {
            writeAndClose(ctx, e);
        } catch (java.io.IOException io) {
            LOG.debug("could not answer {} {}: {}", ctx.method(), ctx.path(), io.toString());
        }
    }

    private static void writeAndClose(io.javalin.http.Context ctx, ApiException e) throws java.io.IOException {
        byte[] body = Json.mapper().writeValueAsBytes(ApiError.of(e.code(), e.getMessage()));
        jakarta.servlet.http.HttpServletResponse res = ctx.res();
        res.setStatus(e.code().status());
        res.setContentType("application/json");
        res.setHeader("Connection", "close");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        res.flushBuffer();
        // A lingering close: FIN after the answer, then a short, bounded read of what the client still sends, so
        // that the close does not reset the connection (and lose the answer) while it is sending its body.
        org.eclipse.jetty.io.EndPoint endPoint = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req())
                .getHttpChannel().getEndPoint();
        endPoint.shutdownOutput();
        endPoint.setIdleTimeout(LINGER_MILLIS);
        long until = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        byte[] sink = new byte[8192];
        long read = 0;
        try {
            var in = ctx.req().getInputStream();
            int n;
            while (read < LINGER_BYTES && System.nanoTime() - until < 0 && (n = in.read(sink)) >= 0) {
                read += n;
            }
        } catch (java.io.IOException | RuntimeException gone) {
            // The client closed, or went quiet for the whole linger: either way it is time to close.
        }
        endPoint.close();
    }

    /**
     * A plain request that reached the TLS port (the port answers both, so that it can say so): its password or
     * token has crossed the network already, but it gets nothing back in the clear.
     */
    private static void refusePlain(io.javalin.http.Context ctx) {
        if (!ctx.req().isSecure()) {
            throw new ApiException(ErrorCode.TLS_REQUIRED, "this server's API takes HTTPS only: use https://"
                    + ctx.host() + " (and change any password or token just sent in the clear)");
        }
    }

    public void start(String bindHost, int bindPort) {
        host = bindHost;
        port = bindPort;
        app.start(bindHost, bindPort);
    }

    /** One of the socket's custom domains was verified or failed on this node. */
    public void domainSettled(String socketId) {
        sockets.domainSettled(socketId);
    }

    /** A certificate for this name is served, renewed or withdrawn: the socket of that name hears of it. */
    public void certificateChanged(String name) {
        sockets.certificateChanged(name);
    }

    /** A tunnel's link came or went: its owner's event streams hear of it. */
    public void tunnelChanged(String ownerId, String tunnelId) {
        sockets.tunnelChanged(ownerId, tunnelId);
    }

    /** Where a socket's certificate's last error comes from (the ACME engine): name → error, null for none. */
    public void certificateErrors(java.util.function.Function<String, String> errors) {
        sockets.certificateErrors(errors);
    }

    /** Lists the live nodes of a cluster to agents, from nodes. */
    public void listTunnelNodes(Supplier<List<String>> nodes) {
        this.tunnelNodes = nodes;
    }

    /** This server is the node nodeId of a cluster: the admin's list of live agents shows every node's. */
    public void clusterNode(String nodeId) {
        adminSockets.clusterNode(nodeId);
    }

    public int port() {
        return app.port();
    }

    /** An HTTP route as registered: method, full path, and the roles that may call it. */
    public record Route(String method, String path, Set<String> roles) {
    }

    /** Every HTTP route the server answers. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void stop() {
        events.endEveryone(); // a stop does not wait for event streams' clients to leave
        app.stop();
        streamEnds.shutdown();
    }
}

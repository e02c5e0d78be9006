// Keeps one tunnel connected: dials the edge, authenticates, serves streams, and reconnects with backoff forever.
package dev.portway.agent.engine;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.protocol.link.LinkSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

public final class TunnelAgent implements AutoCloseable {
    static final String CLOSED_IN_HANDSHAKE = "the server closed the link during the TLS handshake";
    /** Refusals that retrying cannot fix. */
    private static final Set<String> PERMANENT = Set.of(ErrorCode.UNAUTHORIZED.wire(), ErrorCode.NOT_FOUND.wire(),
            ErrorCode.UNSUPPORTED_VERSION.wire(), ErrorCode.REPLACED.wire());

    private final LinkEndpoint endpoint;
    private final LocalTarget target;
    private final AgentListener listener;
    private final Duration deadAfter;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Backoff backoff = Backoff.standard();
    private final TrafficCounters counters = new TrafficCounters();
    private final HttpConnections httpConnections = new HttpConnections();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile String fingerprint;
    private volatile SslContext ssl;
    /** Asks the server (over the API, which is checked on its own) which certificate the tunnel port has now. */
    private volatile Supplier<String> fingerprintSource;
    private volatile boolean certificateRefused;
    private volatile boolean stopped;
    /**
     * Keep heads and the first part of bodies for the inspector; off (the default: a command line prints lines),
     * the relay only counts, and the request log's line is all that is kept.
     */
    private volatile boolean capture;
    private volatile Channel link;
    /** Other nodes' tunnel ports ("HOST:PORT") beside the endpoint's own: after a failure the next one is dialled. */
    private volatile java.util.List<String> alternates = java.util.List.of();
    private volatile int turn;
    private volatile String lastFailure;
    /** Reports local-service reachability only when it changes, not once per visitor. */
    private final AgentListener localEvents = new AgentListener() {
        private volatile Boolean reachable = Boolean.TRUE;

        @Override
        public void onRequest(RequestLog log) {
            listener.onRequest(log);
        }

        @Override
        public void onExchange(Exchange exchange) {
            listener.onExchange(exchange);
        }

        @Override
        public void onConnection(ConnectionLog log) {
            listener.onConnection(log);
        }

        @Override
        public void onLocalService(boolean ok, String detail) {
            if (!Boolean.valueOf(ok).equals(reachable)) {
                reachable = ok;
                listener.onLocalService(ok, detail);
            }
        }
    };

    /** Where and how to dial the edge: host, tunnel port, pinned certificate, and the tunnel's credential. */
    public record LinkEndpoint(String host, int port, String fingerprint, String tunnelId, String credential) {
    }

    public TunnelAgent(LinkEndpoint endpoint, LocalTarget target, AgentListener listener) {
        this(endpoint, target, listener, LinkSettings.DEAD_AFTER, null);
    }

    /** group null: the agent runs its own event loop. */
    public TunnelAgent(LinkEndpoint endpoint, LocalTarget target, AgentListener listener, Duration deadAfter,
                       EventLoopGroup group) {
        this.endpoint = endpoint;
        this.target = target;
        this.listener = listener;
        this.deadAfter = deadAfter;
        this.ownGroup = group == null;
        this.group = group == null ? new NioEventLoopGroup(1) : group;
        this.fingerprint = endpoint.fingerprint();
        this.ssl = pinning(fingerprint);
    }

    private static SslContext pinning(String fingerprint) {
        try {
            return SslContextBuilder.forClient()
                    .trustManager(FingerprintTrustManagerFactory.builder("SHA-256").fingerprints(fingerprint).build())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * When the tunnel port shows another certificate than the pinned one, the agent asks this source (the API)
     * which one the server has now, and follows a rotation it can verify instead of retrying forever.
     */
    public TunnelAgent rereadFingerprintWith(Supplier<String> source) {
        this.fingerprintSource = source;
        return this;
    }

    public void start() {
        dial();
    }

    /**
     * Servers that are nodes of one cluster (same store, same certificate): when the link to one fails, the agent
     * dials the next. hostPorts: "HOST:PORT" each; the endpoint's own address may be among them.
     */
    public TunnelAgent alsoVia(java.util.List<String> hostPorts) {
        String own = endpoint.host() + ":" + endpoint.port();
        alternates = hostPorts == null ? java.util.List.of()
                : hostPorts.stream().filter(a -> !a.equals(own)).distinct().toList();
        return this;
    }

    /** Which address this dial uses: the endpoint's own, then each alternate in turn. */
    private String[] nextAddress() {
        java.util.List<String> others = alternates;
        int n = others.size() + 1;
        int i = Math.floorMod(turn, n);
        if (i == 0) {
            return new String[]{endpoint.host(), String.valueOf(endpoint.port())};
        }
        String a = others.get(i - 1);
        int colon = a.lastIndexOf(':');
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[]{host, a.substring(colon + 1)};
    }

    public TunnelAgent capture(boolean on) {
        capture = on;
        return this;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public LocalTarget target() {
        return target;
    }

    private void dial() {
        if (stopped) {
            return;
        }
        lastFailure = null;
        certificateRefused = false;
        String[] address = nextAddress();
        String host = address[0];
        int port = Integer.parseInt(address[1]);
        listener.onStatus(AgentStatus.CONNECTING, host + ":" + port);
        LinkEvents events = new LinkEvents() {
            @Override
            public void accepted(HelloReply reply) {
                backoff.reset();
                // A GOAWAY from an earlier link (the server was restarting) no longer applies to this one.
                if (!stopped) {
                    httpConnections.keepNewOnesOpen();
                }
                listener.onStatus(AgentStatus.ONLINE, reply.url());
            }

            @Override
            public void refused(HelloReply reply) {
                lastFailure = reply.message();
                if (PERMANENT.contains(reply.errorCode())) {
                    stopped = true;
                    listener.onStatus(AgentStatus.ERROR, reply.message());
                }
            }

            @Override
            public void failed(Throwable cause) {
                lastFailure = describe(cause);
                certificateRefused |= certificateRefused(cause);
            }

            @Override
            public void goingAway(GoAwayReason reason) {
                httpConnections.closeAllWhenIdle();
                if (reason != null && PERMANENT.contains(reason.errorCode())) {
                    // Replaced by another agent: retrying could only be refused, or take the tunnel back.
                    giveUp(reason.message());
                    return;
                }
                // Kicked by the server's admin, who lets the agent dial again (disabling the account keeps it
                // out); a GOAWAY with no reason is a server that is stopping.
                lastFailure = reason != null ? reason.message() : "the server is restarting";
            }
        };
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.recvAllocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new AgentLinkInitializer(ssl, host, port, endpoint.tunnelId(),
                        endpoint.credential(), target, deadAfter,
                        () -> new LocalStreamHandler(target, counters, localEvents, httpConnections,
                                () -> capture),
                        events))
                .connect(host, port);
        link = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                retry(describe(f.cause()));
            } else {
                Channel ch = connect.channel();
                ch.closeFuture().addListener(c -> retry(lastFailure == null ? whyClosed(ch) : lastFailure));
            }
        });
    }

    private void retry(String reason) {
        if (stopped) {
            return;
        }
        Supplier<String> source = fingerprintSource;
        if (certificateRefused && source != null) {
            // Off the event loop: the API call blocks.
            Thread t = new Thread(() -> recheckCertificate(source, reason), "portway-recheck-certificate");
            t.setDaemon(true);
            t.start();
            return;
        }
        backOff(reason);
    }

    /** The pinned certificate was refused: follows a rotation the API vouches for, and gives up loudly otherwise. */
    private void recheckCertificate(Supplier<String> source, String reason) {
        String current;
        try {
            current = source.get();
        } catch (ApiException e) {
            if (ApiException.UNREACHABLE.equals(e.code())) {
                backOff(reason);
            } else {
                giveUp(e.getMessage());
            }
            return;
        }
        if (current == null || current.equalsIgnoreCase(fingerprint)) {
            giveUp("the tunnel port shows another certificate than the server vouches for (sha256 " + fingerprint
                    + "); someone may be intercepting the link");
            return;
        }
        fingerprint = current;
        ssl = pinning(current);
        listener.onStatus(AgentStatus.RETRYING, "the server has a new certificate (sha256 " + current
                + "); reconnecting");
        try {
            group.execute(this::dial);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The event loop is shutting down: the agent is being stopped.
        }
    }

    private void giveUp(String why) {
        if (!stopped) {
            stopped = true;
            listener.onStatus(AgentStatus.ERROR, why);
        }
    }

    private void backOff(String reason) {
        if (stopped) {
            return;
        }
        turn++;
        Duration delay = backoff.next();
        listener.onStatus(AgentStatus.RETRYING, "retrying in " + seconds(delay) + " (" + reason + ")");
        try {
            group.schedule(this::dial, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The event loop is shutting down: the agent is being stopped.
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }

    /**
     * A link the server closed without saying why. Runs before the pipeline hears of the close (so before a
     * handshake cut short is reported): where the link had got to tells.
     */
    private static String whyClosed(Channel ch) {
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isSuccess()) {
            return CLOSED_IN_HANDSHAKE;
        }
        if (ch.pipeline().get(LinkPipeline.HELLO) != null) {
            return "the server closed the link before answering the hello";
        }
        return "link closed";
    }

    /**
     * Only a certificate the trust manager turned down counts: a handshake that timed out or was cut short says
     * nothing about the certificate, and must not make the agent doubt (or give up on) the server.
     */
    private static boolean certificateRefused(Throwable cause) {
        return hasCause(cause, java.security.cert.CertificateException.class);
    }

    /** Whether cause, or any cause behind it, is of the given kind. */
    static boolean hasCause(Throwable cause, Class<? extends Throwable> kind) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "timed out";
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return "the server did not finish the TLS handshake in time";
        }
        if (cause instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused";
        }
        if (certificateRefused(cause)) {
            return "the server's certificate does not match the pinned fingerprint";
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }

    /**
     * Graceful stop: tells the edge this agent is going away (GOAWAY), so new visitors go to the socket's other
     * tunnels, lets the connections in flight finish for at most timeout, then closes.
     */
    public void drain(Duration timeout) {
        stopped = true;
        Channel ch = link;
        if (ch != null && ch.isActive() && ch.pipeline().get(LinkPipeline.CODEC) != null) {
            ch.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
            httpConnections.closeAllWhenIdle();
            long deadline = System.nanoTime() + timeout.toNanos();
            while ((counters.openConnections() > 0 || activeStreams(ch) > 0) && ch.isActive()
                    && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
    }

    /**
     * Streams still open on the link: a local connection that has ended may still have its last bytes queued
     * behind the visitor's flow-control window, and closing the link then would cut them off.
     */
    private static int activeStreams(Channel ch) {
        if (!(ch.pipeline().get(LinkPipeline.CODEC) instanceof Http2ConnectionHandler h2)) {
            return 0;
        }
        try {
            return ch.eventLoop().submit(() -> h2.connection().numActiveStreams()).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Closes the link and stops reconnecting. */
    public void stop() {
        stopped = true;
        Channel ch = link;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        listener.onStatus(AgentStatus.STOPPED, null);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

// Keeps one tunnel connected: dials the edge, authenticates, serves streams, and reconnects with backoff forever.
// Where to dial is LinkDialer's, which certificate to trust CertificatePin's, the words for a failure LinkFailures';
// this class is the reconnect state machine (dial, retry, re-check, give up, drain, stop).
package dev.portway.agent.engine;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.transport.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

public final class TunnelAgent implements AutoCloseable {
    /** How long the link's TLS handshake may take (Netty's default, said here so tests can shorten it). */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Refusals that retrying cannot fix. */
    private static final Set<String> PERMANENT = Set.of(ErrorCode.UNAUTHORIZED.wire(), ErrorCode.NOT_FOUND.wire(),
            ErrorCode.UNSUPPORTED_VERSION.wire(), ErrorCode.REPLACED.wire());

    private final LinkEndpoint endpoint;
    private final LocalTarget target;
    private final AgentListener listener;
    private final Duration deadAfter;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final LinkDialer dialer;
    private final CertificatePin pin;
    private final Backoff backoff = Backoff.standard();
    private final TrafficCounters counters = new TrafficCounters();
    private final HttpConnections httpConnections = new HttpConnections();
    /** Idle connections to the local HTTP service, kept for the next visitor stream. */
    private final OriginPool originPool;
    private final AgentListener localEvents;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopped;
    /**
     * Keep heads and the first part of bodies for the inspector; off (the default: a command line prints lines),
     * the relay only counts, and the request log's line is all that is kept.
     */
    private volatile BooleanSupplier capture = () -> false;
    /** The bytes the inspector keeps of each body while capture is on. */
    private volatile int bodyLimit = Body.LIMIT;
    /** How long the link's TLS handshake may take before the agent gives up on it and dials again. */
    private volatile Duration handshakeTimeout = HANDSHAKE_TIMEOUT;
    private volatile Channel link;

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
        this.originPool = new OriginPool(OriginPool.DEFAULT_MAX_IDLE, target.originIdle());
        this.listener = listener;
        this.deadAfter = deadAfter;
        this.ownGroup = group == null;
        this.group = group == null ? Transports.current().group(1) : group;
        this.dialer = new LinkDialer(endpoint.host(), endpoint.port(), this.group);
        this.pin = new CertificatePin(endpoint.fingerprint());
        this.localEvents = new ReachabilityChanges(listener);
    }

    /**
     * When the tunnel port shows another certificate than the pinned one, the agent asks this source (the API)
     * which one the server has now, and follows a rotation it can verify instead of retrying forever.
     */
    public TunnelAgent rereadFingerprintWith(Supplier<String> source) {
        pin.rereadWith(source);
        return this;
    }

    public void start() {
        dial();
    }

    /**
     * Servers that are nodes of one cluster (same store, same certificate): when the link to one fails, the agent
     * dials the next. hostPorts: "HOST:PORT" each; the endpoint's own address may be among them.
     */
    public TunnelAgent alsoVia(List<String> hostPorts) {
        dialer.alsoVia(hostPorts);
        return this;
    }

    public TunnelAgent capture(boolean on) {
        return capture(() -> on);
    }

    /** Capture decided for each new connection to the local service: on while someone looks at the inspector. */
    public TunnelAgent capture(BooleanSupplier on) {
        capture = on;
        return this;
    }

    /** The inspector's capture limit per body (Body.LIMIT by default): bigger bodies are cut there and counted. */
    TunnelAgent bodyLimit(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a body capture limit is at least 1 byte, not " + bytes);
        }
        bodyLimit = bytes;
        return this;
    }

    /** A shorter handshake deadline than HANDSHAKE_TIMEOUT, for the tests of what follows a timed-out one. */
    TunnelAgent handshakeTimeout(Duration timeout) {
        handshakeTimeout = timeout;
        return this;
    }

    OriginPool originPool() {
        return originPool;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public LocalTarget target() {
        return target;
    }

    /** One dial: what its link said about why it failed, read when it closes. */
    private final class Attempt implements LinkEvents {
        private volatile String failure;
        private volatile boolean certificateRefused;

        @Override
        public void accepted(HelloReply reply) {
            backoff.reset();
            // A GOAWAY from an earlier link (the server was restarting) no longer applies to this one.
            if (!stopped) {
                httpConnections.keepNewOnesOpen();
                originPool.keepAgain();
            }
            listener.onStatus(AgentStatus.ONLINE, reply.url());
        }

        @Override
        public void refused(HelloReply reply) {
            failure = reply.message();
            if (PERMANENT.contains(reply.errorCode())) {
                stopped = true;
                listener.onStatus(AgentStatus.ERROR, reply.message());
            }
        }

        @Override
        public void failed(Throwable cause) {
            failure = LinkFailures.describe(cause);
            certificateRefused |= LinkFailures.certificateRefused(cause);
        }

        @Override
        public void goingAway(GoAwayReason reason) {
            httpConnections.closeAllWhenIdle();
            originPool.closeAll();
            if (reason != null && PERMANENT.contains(reason.errorCode())) {
                // Replaced by another agent: retrying could only be refused, or take the tunnel back.
                giveUp(reason.message());
                return;
            }
            // Kicked by the server's admin, who lets the agent dial again (disabling the account keeps it
            // out); a GOAWAY with no reason is a server that is stopping.
            failure = reason != null ? reason.message() : "the server is restarting";
        }
    }

    private void dial() {
        if (stopped) {
            return;
        }
        LinkDialer.Address to = dialer.next();
        listener.onStatus(AgentStatus.CONNECTING, to.toString());
        Attempt attempt = new Attempt();
        ChannelFuture connect = dialer.dial(to, new AgentLinkInitializer(pin.context(), to.host(), to.port(),
                endpoint.tunnelId(), endpoint.credential(), target, deadAfter, handshakeTimeout,
                () -> new LocalStreamHandler(target, counters, localEvents, httpConnections,
                        () -> capture.getAsBoolean() ? bodyLimit : 0, originPool),
                attempt));
        link = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                retry(LinkFailures.describe(f.cause()), false);
            } else {
                Channel ch = connect.channel();
                ch.closeFuture().addListener(c -> retry(attempt.failure == null ? LinkFailures.whyClosed(ch)
                        : attempt.failure, attempt.certificateRefused));
            }
        });
    }

    private void retry(String reason, boolean certificateRefused) {
        if (stopped) {
            return;
        }
        if (certificateRefused && pin.canRecheck()) {
            // Off the event loop: the API call blocks.
            Thread t = new Thread(() -> recheckCertificate(reason), "portway-recheck-certificate");
            t.setDaemon(true);
            t.start();
            return;
        }
        backOff(reason);
    }

    /** The pinned certificate was refused: follows a rotation the API vouches for, and gives up loudly otherwise. */
    private void recheckCertificate(String reason) {
        CertificatePin.Recheck found = pin.recheck();
        switch (found.outcome()) {
            case UNREACHABLE -> backOff(reason);
            case REFUSED -> giveUp(found.message());
            case ROTATED -> {
                listener.onStatus(AgentStatus.RETRYING, found.message());
                try {
                    group.execute(this::dial);
                } catch (RejectedExecutionException e) {
                    // The event loop is shutting down: the agent is being stopped.
                }
            }
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
        dialer.advance();
        Duration delay = backoff.next();
        listener.onStatus(AgentStatus.RETRYING, LinkFailures.retrying(delay, reason));
        try {
            group.schedule(this::dial, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the agent is being stopped.
        }
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
            originPool.closeAll();
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
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
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

// Waits for the agent's Hello, authenticates it off the event loop, then turns the link into HTTP/2.
package dev.portway.server.link;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloReply;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.TlsMaterial;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class HelloHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HelloHandler.class);
    /** Garbage and silence on the tunnel port are logged once a minute, with a count, however much comes. */
    private static final LogThrottle GARBAGE = new LogThrottle(Duration.ofMinutes(1));
    private static final LogThrottle SILENT = new LogThrottle(Duration.ofMinutes(1));
    private static final LogThrottle SLOW_HANDSHAKE = new LogThrottle(Duration.ofMinutes(1));
    private static final LogThrottle NODE_REFUSED = new LogThrottle(Duration.ofMinutes(1));
    /** Refused credentials too: a guesser (or a forgotten agent with an old credential) tries without end. */
    private static final Map<ErrorCode, LogThrottle> REFUSED = new ConcurrentHashMap<>();

    /** A host name (253) with brackets, a colon and a port, with room to spare. */
    private static final int MAX_TARGET = 270;

    private final TunnelAuthenticator authenticator;
    private final Executor blocking;
    private final Function<TunnelSession, String> urlOf;
    private final LinkInitializer initializer;
    private final FailureLimiter failures;
    private final TunnelRegistry registry;
    private final ServerMetrics metrics;
    private final NodeLinks nodes;
    /** The deadline of the TLS handshake, and then of the hello. */
    private final Duration deadline;
    private ScheduledFuture<?> timeout;
    private boolean received;

    HelloHandler(TunnelAuthenticator authenticator, Executor blocking, Function<TunnelSession, String> urlOf,
                 LinkInitializer initializer, FailureLimiter failures, TunnelRegistry registry,
                 ServerMetrics metrics, NodeLinks nodes, Duration deadline) {
        this.deadline = deadline;
        this.metrics = metrics;
        this.nodes = nodes;
        this.failures = failures;
        this.registry = registry;
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.urlOf = urlOf;
        this.initializer = initializer;
    }

    /**
     * The hello's deadline runs from the end of the TLS handshake (which has a deadline of its own) to the hello's
     * arrival: a handshake slowed by a loaded or starting server, or a slow credential check, is not the agent's
     * silence, and counting them closed every link an agent opened while the server was starting.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            Object from = ctx.channel().remoteAddress();
            if (done.isSuccess()) {
                timeout = ctx.executor().schedule(() -> {
                    SILENT.hit(n -> LOG.info("link from {} sent no hello in {} s, closing{}", from,
                            seconds(deadline), LogThrottle.more(n)));
                    ctx.close();
                }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            } else if (done.cause() instanceof SslHandshakeTimeoutException) {
                SLOW_HANDSHAKE.hit(n -> LOG.info("link from {} did not finish the TLS handshake in {} s, closing{}",
                        from, seconds(deadline), LogThrottle.more(n)));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** "10", or "0.5" for a deadline shorter than a second. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Hello hello) || received) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        received = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        String address = "ip " + ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        Duration wait = failures.retryAfter(address);
        if (!wait.isZero()) {
            complete(ctx, hello, TunnelAuthenticator.Result.refused(ErrorCode.TOO_MANY_ATTEMPTS,
                    "too many refused tunnel credentials from this address; retry in "
                            + FailureLimiter.seconds(wait) + " s"));
            return;
        }
        if (hello.fromNode()) {
            acceptNode(ctx, hello, address);
            return;
        }
        blocking.execute(() -> {
            TunnelAuthenticator.Result result = authenticator.authenticate(hello);
            if (result.ok()) {
                failures.succeeded(address);
            } else if (result.error() == ErrorCode.UNAUTHORIZED) {
                failures.failed(address);
            }
            ctx.executor().execute(() -> complete(ctx, hello, result));
        });
    }

    /**
     * Another node of the cluster, admitted with the cluster key and a certificate a node published in the store;
     * a single server (nodes null), a wrong key or certificate, or none, is refused like a bad credential.
     */
    private void acceptNode(ChannelHandlerContext ctx, Hello hello, String address) {
        String fingerprint = peerFingerprint(ctx);
        blocking.execute(() -> {
            Optional<String> refusal;
            try {
                refusal = nodes == null ? Optional.of("not a cluster") : nodes.refusal(hello.credential(), fingerprint);
            } catch (RuntimeException e) {
                // The store is briefly away: the node dials again at its next poll.
                LOG.warn("cannot check the node link from {}: {}", ctx.channel().remoteAddress(), e.toString());
                ctx.close();
                return;
            }
            if (refusal.isPresent()) {
                failures.failed(address);
            }
            ctx.executor().execute(() -> completeNode(ctx, hello, refusal));
        });
    }

    private void completeNode(ChannelHandlerContext ctx, Hello hello, Optional<String> refusal) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Object from = ctx.channel().remoteAddress();
        if (refusal.isPresent()) {
            NODE_REFUSED.hit(n -> LOG.info("node link from {} refused: {}{}", from, refusal.get(),
                    LogThrottle.more(n)));
            ctx.writeAndFlush(HelloReply.refused(ErrorCode.UNAUTHORIZED, refusal.get()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(HelloReply.accepted(null, null, null));
        nodes.upgrade(ctx.pipeline());
        LOG.info("node {} linked from {}", hello.host(), from);
    }

    /** SHA-256 of the certificate the TLS peer presented (lower-case hex), or null when it presented none. */
    private static String peerFingerprint(ChannelHandlerContext ctx) {
        try {
            Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            return TlsMaterial.fingerprint(chain[0]);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void complete(ChannelHandlerContext ctx, Hello hello, TunnelAuthenticator.Result result) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!result.ok()) {
            TunnelAuthenticator.Result said = replacedOrAsIs(hello, result);
            Object from = ctx.channel().remoteAddress();
            REFUSED.computeIfAbsent(said.error(), e -> new LogThrottle(Duration.ofMinutes(1)))
                    .hit(n -> LOG.info("link from {} refused: {}{}", from, said.message(), LogThrottle.more(n)));
            metrics.linkRefused(said.error());
            ctx.writeAndFlush(HelloReply.refused(said.error(), said.message()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        TunnelSession session = new TunnelSession(result.tunnel().id(), result.socket().id(),
                result.socket().dnsName(), ctx.channel(), result.socket().ownerId(), hello.host(), hello.agent(),
                shown(hello.localTarget()));
        String url = urlOf.apply(session);
        // Written now, flushed by the upgrade once the session is registered: an agent told it is online is routable.
        ctx.write(HelloReply.accepted(session.socketId(), session.dnsName(), url));
        initializer.upgradeToHttp2(ctx.pipeline(), session);
        // A delete that landed while the hello was being checked found nothing to disconnect: look again.
        blocking.execute(() -> {
            if (authenticator.stillExists(session.tunnelId())) {
                return;
            }
            session.close();
        });
        LOG.info("tunnel {} online for {} from {}", session.tunnelId(), session.dnsName(),
                ctx.channel().remoteAddress());
    }

    /** What an agent says of its local target, if it is short and plain enough to show its owner; else nothing. */
    private static String shown(String localTarget) {
        return localTarget != null && localTarget.length() <= MAX_TARGET
                && localTarget.chars().allMatch(c -> c > ' ' && c < 127) ? localTarget : null;
    }

    /**
     * An old credential for a tunnel that another agent holds now: the agent that lost it is told who took it
     * over, so it stops saying so instead of "wrong credential".
     */
    private TunnelAuthenticator.Result replacedOrAsIs(Hello hello, TunnelAuthenticator.Result result) {
        if (result.error() != ErrorCode.UNAUTHORIZED || hello.tunnelId() == null) {
            return result;
        }
        return registry.session(hello.tunnelId()).map(other -> TunnelAuthenticator.Result.refused(
                ErrorCode.REPLACED, "replaced by another agent from " + other.describeAgent()))
                .orElse(result);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object from = ctx.channel().remoteAddress();
        GARBAGE.hit(n -> LOG.info("link from {} failed during hello: {}{}", from, cause.getMessage(),
                LogThrottle.more(n)));
        ctx.close();
    }
}

// Assembles a tunnel link's pipeline: TLS, then the hello, then (once authenticated) HTTP/2 with heartbeats.
package dev.portway.server.link;

import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.Limits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class LinkInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(LinkInitializer.class);
    /** Links that break the protocol (or an agent's stream of its own) are logged once a minute, with a count. */
    private static final LogThrottle BROKEN = new LogThrottle(Duration.ofMinutes(1));
    private final SslContext ssl;
    private final TunnelAuthenticator authenticator;
    private final TunnelRegistry registry;
    private final Executor blocking;
    private final Function<TunnelSession, String> urlOf;
    private final Duration heartbeat;
    private final Duration deadAfter;
    /** How long an agent has to complete TLS; the hello's own deadline (as long) starts after it. */
    private final Duration handshakeTimeout;
    private final ServerMetrics metrics;
    private volatile NodeLinks nodes;
    /** Refused credentials per client address, over all of its links. */
    private final FailureLimiter failures = new FailureLimiter(Limits.TUNNEL_FAILURES_PER_ADDRESS,
            Limits.TUNNEL_WINDOW, Clock.systemUTC());

    public LinkInitializer(SslContext ssl, TunnelAuthenticator authenticator, TunnelRegistry registry,
                           Executor blocking, Function<TunnelSession, String> urlOf, Duration heartbeat,
                           Duration deadAfter, Duration handshakeTimeout, ServerMetrics metrics) {
        this.ssl = ssl;
        this.authenticator = authenticator;
        this.registry = registry;
        this.blocking = blocking;
        this.urlOf = urlOf;
        this.heartbeat = heartbeat;
        this.deadAfter = deadAfter;
        this.handshakeTimeout = handshakeTimeout;
        this.metrics = metrics;
        HelloCodec.prepare();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        SslHandler tls = ssl.newHandler(ch.alloc());
        tls.setHandshakeTimeout(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ch.pipeline().addLast("tls", tls)
                .addLast(LinkPipeline.HELLO_CODEC, new HelloCodec())
                .addLast(LinkPipeline.HELLO, new HelloHandler(authenticator, blocking, urlOf, this, failures, registry,
                        metrics, nodes, handshakeTimeout));
    }

    /** Accepts links from the other nodes of a cluster (a single server refuses them). */
    public void acceptNodes(NodeLinks nodeLinks) {
        this.nodes = nodeLinks;
    }

    /** After an accepted hello the edge plays the HTTP/2 client: it opens one stream per visitor connection. */
    void upgradeToHttp2(ChannelPipeline p, TunnelSession session) {
        // Routable before the agent can read that it is online (the reply leaves with the flush below): streams
        // for it are opened on this event loop, after this pipeline is complete.
        registry.register(session);
        LinkPipeline.opensStreams(session.tunnelId()).pingEvery(heartbeat).deadAfter(deadAfter)
                .streams(new RejectAgentStreams(session.tunnelId()))
                .then("goaway", new AgentGoingAway(session))
                .install(p);
    }

    /** An agent that stops sends GOAWAY first: no new visitors for it, while its streams finish. */
    private static final class AgentGoingAway extends ChannelInboundHandlerAdapter {
        private final TunnelSession session;

        AgentGoingAway(TunnelSession session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame) {
                session.markDraining();
            }
            ReferenceCountUtil.release(msg);
        }

        /**
         * A broken link (bad frames, a reset connection) is closed with one short line, not a stack trace each. An
         * HTTP/2 error is the codec's to close, after its GOAWAY with the error code.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            broken(ctx.channel(), session.tunnelId(), cause.toString(),
                    Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null);
        }
    }

    private static void broken(io.netty.channel.Channel link, String tunnelId, String why, boolean close) {
        Object from = link.remoteAddress();
        BROKEN.hit(n -> LOG.info("link of tunnel {} from {} closed: {}{}", tunnelId, from, why,
                n > 1 ? " (and " + (n - 1) + " more such links in the last minute)" : ""));
        if (close) {
            link.close();
        }
    }

    /** Agents answer streams, they never open them: one that does loses its link. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class RejectAgentStreams extends ChannelInboundHandlerAdapter {
        private final String tunnelId;

        RejectAgentStreams(String tunnelId) {
            this.tunnelId = tunnelId;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            io.netty.channel.Channel link = ctx.channel().parent() == null ? ctx.channel() : ctx.channel().parent();
            ctx.close();
            broken(link, tunnelId, "the agent opened a stream", true);
        }
    }
}

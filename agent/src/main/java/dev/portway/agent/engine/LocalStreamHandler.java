// One stream from the edge: connects to the local service, answers the edge, then relays both ways (a udp flow's
// stream is handed to LocalFlowHandler).
package dev.portway.agent.engine;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.SocketToStreamRelay;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.protocol.link.StreamReply;
import dev.portway.protocol.link.StreamToSocketRelay;
import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

final class LocalStreamHandler extends ChannelInboundHandlerAdapter {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final LocalTarget target;
    private final TrafficCounters counters;
    private final AgentListener listener;
    private final List<ByteBuf> pending = new ArrayList<>();
    private StreamMeta meta;
    private Channel stream;
    private ConnectionTally tally;
    private boolean ended;
    private boolean draining;
    /** While draining after the local service refused: finds the visitor's request for the inspector. */
    private RefusedRequest refused;

    private final HttpConnections httpConnections;
    /** The bytes kept of each body (0: capture off), asked again by the tap per request on an idle connection. */
    private final java.util.function.IntSupplier bodyLimit;
    private final OriginPool pool;

    LocalStreamHandler(LocalTarget target, TrafficCounters counters, AgentListener listener,
                       HttpConnections httpConnections, java.util.function.IntSupplier bodyLimit, OriginPool pool) {
        this.bodyLimit = bodyLimit;
        this.pool = pool;
        this.httpConnections = httpConnections;
        this.target = target;
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.opened();
        ctx.channel().closeFuture().addListener(f -> counters.closed());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame headers && meta == null) {
            meta = StreamMeta.fromHeaders(headers.headers());
            if (meta.isUdp()) {
                // A flow of datagrams, not a connection: its own handler from here on.
                ctx.pipeline().replace(this, "flow", new LocalFlowHandler(target, counters, listener, meta,
                        ctx.channel()));
                return;
            }
            stream = ctx.channel();
            tally = new ConnectionTally(meta, counters, listener, ctx.channel());
            ended = headers.isEndStream();
            Channel idle = pooled() ? pool.take(target, ctx.channel().eventLoop()) : null;
            if (idle != null) {
                connected(ctx, idle, true);
            } else {
                connect(ctx);
            }
        } else if (draining) {
            if (refused != null && msg instanceof Http2DataFrame data) {
                refused.feed(data.content());
            }
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Http2DataFrame data && meta != null) {
            // Frames that came in the same read as the headers wait here until the local connection is up.
            ended |= data.isEndStream();
            tally.addIn(data.content().readableBytes());
            pending.add(data.content());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** An http stream whose connections to the origin come from, and go back to, the pool. */
    private boolean pooled() {
        return meta.isHttp() && pool.enabled();
    }

    private void connect(ChannelHandlerContext ctx) {
        open().addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                connected(ctx, f.channel(), false);
            } else {
                failed(ctx, f.cause());
            }
        });
    }

    /** A new connection to the target, with the handlers that stay with it for its life (not the stream's). */
    private ChannelFuture open() {
        return new Bootstrap().group(stream.eventLoop()).channel(Transports.socketChannel(stream.eventLoop()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.relayAllocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                // A half-close passes through each way: a visitor that stopped sending still gets its answer.
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        String host = target.hostHeaderValue();
                        if (meta.isHttp() && (host != null || pooled())) {
                            // Nearer the relay than the tap, so the tap (the inspector, the log) shows the head
                            // as the origin received it, Host rewritten; the visitor's name is in
                            // X-Forwarded-Host there, and a replay sends what the origin accepts.
                            ch.pipeline().addLast("hostHeader", new HostHeaderRewriter(host, pooled()));
                        }
                        if (pooled()) {
                            // Nearer the relay than the rewriter: it sees the visitor's own heads, close and all.
                            ch.pipeline().addLast("watch", new OriginWatch());
                        }
                    }
                })
                .connect(target.host(), target.port());
    }

    /** The handlers a connection has while it serves this stream: the tap first, the relay to the stream last. */
    private void attach(Channel local) {
        if (meta.isHttp()) {
            local.pipeline().addFirst("tap", new HttpExchangeTap(listener::onExchange, e -> {
                if (e.state() == Exchange.State.DONE) {
                    listener.onRequest(RequestLog.of(e));
                }
            }, bodyLimit));
        }
        local.pipeline().addLast("relay", new SocketToStreamRelay(stream, tally::addOut));
    }

    private void connected(ChannelHandlerContext ctx, Channel local, boolean reused) {
        Channel stream = ctx.channel();
        if (!stream.isActive()) {
            releasePending();
            if (!reused || !pool.offer(target, local)) {
                local.close();
            }
            return;
        }
        listener.onLocalService(true, target.toString());
        tally.connected(local);
        if (meta.isHttp() && !reused) {
            httpConnections.add(local);
        }
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(StreamReply.connectedReply().toHeaders()));
        if (pooled()) {
            OriginLease lease = new OriginLease(stream, target, pool, local, reused, this::attach,
                    this::dialAgain, tally::addIn);
            ctx.pipeline().replace(this, "relay", lease);
            lease.start(pending, ended);
            pending.clear();
            local.read();
            return;
        }
        attach(local);
        ctx.pipeline().replace(this, "relay", new StreamToSocketRelay(local, tally::addIn));
        ChannelFuture last = null;
        for (ByteBuf buf : pending) {
            last = local.write(buf);
        }
        pending.clear();
        local.flush();
        if (ended) {
            Channels.endOutput(local);
        } else {
            Channels.readAfter(stream, last);
        }
        local.read();
    }

    /** A new connection for a request sent again (the reused one was closed under it): null if none could be had. */
    private void dialAgain(java.util.function.Consumer<Channel> then) {
        open().addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                httpConnections.add(f.channel());
                then.accept(f.channel());
            } else {
                then.accept(null);
            }
        });
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof ConnectTimeoutException ? "timed out"
                : cause instanceof ConnectException ? "connection refused"
                : cause instanceof java.net.UnknownHostException ? "unknown host"
                : String.valueOf(cause.getMessage());
        String reason = "could not reach " + target + " (" + why + ")";
        listener.onLocalService(false, reason);
        tally.failed(reason);
        if (meta.isHttp()) {
            refused = new RefusedRequest(reason, bodyLimit.getAsInt() > 0, listener::onExchange);
            pending.forEach(refused::feed);
        }
        releasePending();
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(StreamReply.failed(reason).toHeaders(), true));
        // Drain what the edge still sends until it ends the stream: unread frames would hold the stream (and
        // its window of memory) open, and a reset could overtake the reply on its way to the visitor.
        draining = true;
        ctx.read();
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (draining) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

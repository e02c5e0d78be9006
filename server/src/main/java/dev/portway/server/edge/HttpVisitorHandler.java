// One visitor connection on the HTTP(S) port: routes by Host, adds forwarding headers, relays it as one stream.
package dev.portway.server.edge;

import dev.portway.protocol.link.ByteBufToDataFrame;
import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class HttpVisitorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVisitorHandler.class);

    private final TunnelRegistry registry;
    private final SocketDirectory directory;
    private final String scheme;
    private final RequestWriter writer = new RequestWriter();
    private final List<ByteBuf> pending = new ArrayList<>();
    private String boundName;
    private TunnelSession session;
    private Channel stream;
    private ChannelFuture lastWrite;
    private boolean rejected;
    private boolean upgrading;
    private boolean awaitingUpgrade;
    private StreamToVisitorRelay toVisitor;

    HttpVisitorHandler(TunnelRegistry registry, SocketDirectory directory, String scheme) {
        this.registry = registry;
        this.directory = directory;
        this.scheme = scheme;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            onRequest(ctx, req);
            if (rejected) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent part) {
            writer.content(ctx.alloc(), part, this::send);
            if (upgrading && part instanceof LastHttpContent) {
                // Hold the visitor until the origin answers: only a 101 turns the connection into raw bytes;
                // otherwise every later request still gets its Host check and forwarding headers.
                upgrading = false;
                awaitingUpgrade = true;
                if (stream != null) {
                    toVisitor.expectUpgrade(accepted -> upgradeDecided(ctx, accepted));
                }
            }
        } else if (msg instanceof ByteBuf raw) {
            send(raw);
        }
    }

    private void upgradeDecided(ChannelHandlerContext ctx, boolean accepted) {
        awaitingUpgrade = false;
        if (accepted) {
            ctx.pipeline().remove(HttpRequestDecoder.class);
        }
        if (!rejected) {
            ctx.read();
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            reject(ctx, ErrorPages.badRequest(ctx.alloc(), "The request could not be parsed: "
                    + req.decoderResult().cause().getMessage()));
            return;
        }
        String name = Hosts.routingName(req.headers().get(HttpHeaderNames.HOST));
        if (name == null) {
            reject(ctx, ErrorPages.badRequest(ctx.alloc(), "The request has no Host header."));
            return;
        }
        if (boundName == null) {
            Optional<TunnelSession> route = registry.route(name);
            if (route.isEmpty()) {
                rejectUnrouted(ctx, name);
                return;
            }
            bind(ctx, route.get(), name);
        } else if (!name.equals(boundName)) {
            reject(ctx, ErrorPages.page(ctx.alloc(), 421, "Misdirected Request", "Misdirected request",
                    "This connection already serves another name; open a new connection."));
            return;
        }
        addForwardingHeaders(ctx, req.headers());
        upgrading = req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE);
        send(writer.head(ctx.alloc(), req));
    }

    private void addForwardingHeaders(ChannelHandlerContext ctx, HttpHeaders h) {
        String ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        String prior = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", prior == null || prior.isBlank() ? ip : prior + ", " + ip);
        h.set("X-Forwarded-Proto", scheme);
        h.set("X-Forwarded-Host", h.get(HttpHeaderNames.HOST));
    }

    private void bind(ChannelHandlerContext ctx, TunnelSession route, String name) {
        boundName = name;
        session = route;
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, route.socketId(),
                remote.getAddress().getHostAddress() + ":" + remote.getPort(), scheme);
        Channel visitor = ctx.channel();
        Runnable open = () -> route.openStream(meta, new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.config().setAutoRead(false);
                toVisitor = new StreamToVisitorRelay(visitor, route::addOut, name);
                ch.pipeline().addLast(ByteBufToDataFrame.INSTANCE, toVisitor);
            }
        }).addListener(f -> ctx.executor().execute(() -> streamOpened(ctx, (Future<Http2StreamChannel>) f)));
        EventLoop linkLoop = route.link().eventLoop();
        if (visitor.eventLoop() == linkLoop) {
            open.run();
            return;
        }
        // Move the visitor onto its link's event loop: every byte of the relay then stays on one thread,
        // with no hand-offs (and wake-ups) between loops per chunk.
        visitor.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                visitor.close();
                return;
            }
            linkLoop.register(visitor).addListener(r -> {
                if (r.isSuccess()) {
                    open.run();
                } else {
                    visitor.close();
                }
            });
        });
    }

    private void streamOpened(ChannelHandlerContext ctx, Future<Http2StreamChannel> f) {
        if (f.isSuccess() && (rejected || !ctx.channel().isActive())) {
            // Nobody will read this stream's answer: reset it so it does not linger until the link drops.
            releasePending();
            f.getNow().close();
            return;
        }
        if (!f.isSuccess()) {
            LOG.debug("stream to tunnel {} failed: {}", session.tunnelId(), f.cause().toString());
            reject(ctx, ErrorPages.noTunnel(ctx.alloc(), boundName));
            return;
        }
        stream = f.getNow();
        for (ByteBuf buf : pending) {
            lastWrite = stream.write(buf);
        }
        pending.clear();
        stream.flush();
        stream.read();
        if (awaitingUpgrade) {
            toVisitor.expectUpgrade(accepted -> upgradeDecided(ctx, accepted));
        } else {
            Channels.readAfter(ctx.channel(), lastWrite);
        }
        lastWrite = null;
    }

    private void send(ByteBuf buf) {
        session.addIn(buf.readableBytes());
        if (stream == null) {
            pending.add(buf);
        } else {
            lastWrite = stream.write(buf);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (rejected) {
            return;
        }
        if (stream == null) {
            if (boundName == null) {
                ctx.read();
            }
            return;
        }
        stream.flush();
        if (awaitingUpgrade) {
            lastWrite = null;
            return;
        }
        Channels.readAfter(ctx.channel(), lastWrite);
        lastWrite = null;
    }

    private void rejectUnrouted(ChannelHandlerContext ctx, String name) {
        rejected = true;
        directory.exists(name).whenComplete((exists, err) -> ctx.executor().execute(() -> {
            boolean known = err == null && exists;
            respondAndClose(ctx, known ? ErrorPages.noTunnel(ctx.alloc(), name)
                    : ErrorPages.unknownName(ctx.alloc(), name));
        }));
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf page) {
        rejected = true;
        releasePending();
        if (stream != null) {
            stream.close();
        }
        respondAndClose(ctx, page);
    }

    private static void respondAndClose(ChannelHandlerContext ctx, ByteBuf page) {
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        if (stream != null && stream.isActive()) {
            stream.writeAndFlush(new DefaultHttp2DataFrame(true));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

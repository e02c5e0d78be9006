// A visitor stream another node opened here: finds a link of its socket on this node, opens the same stream to
// that agent, and bridges the two. With no link here it answers as an agent that cannot connect would.
package dev.portway.server.cluster;

import dev.portway.protocol.link.StreamMeta;
import dev.portway.protocol.link.StreamReply;
import dev.portway.server.edge.EdgeSocket;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class NodeStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStreamHandler.class);
    private final SocketCatalog catalog;
    private final TunnelRegistry registry;
    private final Set<TunnelSession> tried = new HashSet<>();
    private boolean started;

    NodeStreamHandler(SocketCatalog catalog, TunnelRegistry registry) {
        this.catalog = catalog;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (started || !(msg instanceof Http2HeadersFrame headers)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        started = true;
        StreamMeta meta = StreamMeta.fromHeaders(headers.headers());
        Optional<String> name = catalog.byId(meta.socketId()).map(EdgeSocket::dnsName);
        if (name.isEmpty()) {
            refuse(ctx, "no such socket on this node");
            return;
        }
        next(ctx, name.get(), meta);
    }

    /** Offers the stream to the socket's links here in turn, as the edge does with a visitor. */
    private void next(ChannelHandlerContext ctx, String dnsName, StreamMeta meta) {
        Optional<TunnelSession> route = registry.route(dnsName, tried);
        if (route.isEmpty()) {
            refuse(ctx, "no tunnel online for " + dnsName + " on this node");
            return;
        }
        TunnelSession session = route.get();
        tried.add(session);
        Http2StreamChannel inbound = (Http2StreamChannel) ctx.channel();
        session.openStream(meta, new StreamBridge(inbound, session::addOut)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("relayed stream to tunnel {} failed, trying the next: {}", session.tunnelId(),
                        f.cause().toString());
                ctx.executor().execute(() -> next(ctx, dnsName, meta));
                return;
            }
            Http2StreamChannel toAgent = (Http2StreamChannel) f.getNow();
            ctx.executor().execute(() -> {
                if (!inbound.isActive()) {
                    toAgent.close();
                    return;
                }
                ctx.pipeline().replace(this, "bridge", new StreamBridge(toAgent, session::addIn));
                toAgent.read();
                inbound.read();
            });
        });
    }

    private static void refuse(ChannelHandlerContext ctx, String why) {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(StreamReply.failed(why).toHeaders(), true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

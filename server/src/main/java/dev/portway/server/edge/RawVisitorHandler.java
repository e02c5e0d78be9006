// One visitor connection of a tcp or tls socket (dedicated port, or the HTTPS port by SNI): admits it by address,
// gets a stream, then steps aside for a plain relay. With no tunnel online the connection is closed at once.
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.SocketToStreamRelay;
import dev.portway.protocol.link.StreamMeta;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class RawVisitorHandler extends FrontDoor {
    private static final Logger LOG = LoggerFactory.getLogger(RawVisitorHandler.class);

    private final EdgeSocket socket;
    private final VisitorStreams streams;
    /** The name a tls socket's visitor asked for (SniRouter routed by it), told to the agent; else null. */
    private final String sni;
    private final List<ByteBuf> pending = new ArrayList<>();
    private boolean inputEnded;

    RawVisitorHandler(EdgeSocket socket, VisitorStreams streams) {
        this(socket, streams, null);
    }

    RawVisitorHandler(EdgeSocket socket, VisitorStreams streams, String sni) {
        this.socket = socket;
        this.streams = streams;
        this.sni = StreamMeta.isHostname(sni) ? sni : null;
    }

    @Override
    protected void start(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        streams.metrics().visitor(socket.type());
        if (!socket.access().allows(remote.getAddress())) {
            LOG.info("{} socket {}: refused {}, not on its allow list", socket.type(), socket.dnsName(),
                    remote.getAddress().getHostAddress());
            ctx.close();
            return;
        }
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        StreamMeta meta = new StreamMeta(socket.type(), socket.id(),
                remote.getAddress().getHostAddress() + ":" + remote.getPort(), socket.type(), sni);
        streams.open(ctx.channel(), socket.dnsName(), meta,
                session -> new RawStreamRelay(ctx.channel(), session), (opened, failure) -> {
                    if (failure != null) {
                        LOG.debug("{} visitor {} closed: {}", socket.dnsName(), remote, failure.getMessage());
                        releasePending();
                        ctx.close();
                    } else {
                        relay(ctx, opened);
                    }
                });
    }

    private void relay(ChannelHandlerContext ctx, VisitorStreams.Opened opened) {
        var stream = opened.stream();
        if (!ctx.channel().isActive()) {
            releasePending();
            stream.close();
            return;
        }
        ChannelFuture last = null;
        for (ByteBuf buf : pending) {
            opened.session().addIn(buf.readableBytes());
            last = stream.write(buf);
        }
        pending.clear();
        stream.flush();
        stream.read();
        ctx.pipeline().replace(this, "relay", new SocketToStreamRelay(stream, opened.session()::addIn));
        if (inputEnded) {
            // The visitor's FIN came before the stream was open: pass it on now, after its bytes.
            ctx.channel().pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        } else {
            Channels.readAfter(ctx.channel(), last);
        }
    }

    /** Bytes that came before the stream was open (the ClientHello of an SNI-routed visitor) wait here. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            pending.add(buf);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        ctx.fireChannelInactive();
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

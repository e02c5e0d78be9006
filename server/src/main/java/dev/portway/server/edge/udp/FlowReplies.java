// The stream side of a udp flow: splits the agent's DATA frames back into datagrams and sends each to the visitor
// from the socket's port. Replies the port cannot take now are dropped (the stream is never held back for them).
package dev.portway.server.edge.udp;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.protocol.link.StreamReply;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.UdpDrop;
import dev.portway.server.metrics.UdpMeters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

final class FlowReplies extends ChannelInboundHandlerAdapter {
    private final DatagramFrames frames = new DatagramFrames();
    private final UdpFlow flow;
    private final TunnelSession session;
    private final Channel port;
    private final UdpMeters meters;
    private boolean wrote;

    FlowReplies(UdpFlow flow, TunnelSession session, Channel port, UdpMeters meters) {
        this.flow = flow;
        this.session = session;
        this.port = port;
        this.meters = meters;
    }

    /** Streams open reading on demand (tcp's back-pressure); a flow reads all the time and drops instead. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            boolean ended = data.isEndStream();
            frames.read(data.content(), this::reply);
            if (ended) {
                ctx.close();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            if (!StreamReply.fromHeaders(headers.headers()).connected()) {
                session.markLocalRefused();
                ctx.close();
            } else if (headers.isEndStream()) {
                ctx.close();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void reply(ByteBuf datagram) {
        flow.replied(); // the service answers: a visitor that is there, even if this reply must be dropped
        if (!port.isWritable()) {
            datagram.release();
            meters.dropped(UdpDrop.REPLY_QUEUE_FULL);
            return;
        }
        int size = datagram.readableBytes();
        meters.out(size);
        session.addOut(size);
        flow.touch();
        // Out of the DATA frame's buffer: queued for the port, a slice would hold all of that buffer.
        port.write(new DatagramPacket(DatagramBuffers.fit(datagram), flow.visitor));
        wrote = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wrote) {
            wrote = false;
            port.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        frames.release();
        ctx.fireChannelInactive();
    }

    /** A frame that is not a datagram (CorruptedFrameException), or a stream error: the flow ends. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

// The agent's side of an HTTP/2 visitor's tunnel stream: DATA as the origin's bytes (counted), the agent's reply
// HEADERS (could it reach the local service?), and the stream's end as the end of input, after which an answer the
// decoder still holds is finished (a body until close) or found cut off. A reset before the agent's end cuts it.
package dev.portway.server.edge;

import dev.portway.protocol.link.StreamReply;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

final class H2LinkFrames extends ChannelInboundHandlerAdapter {
    private final TunnelSession session;
    private final H2ResponseRelay relay;
    private boolean ended;
    private boolean reset;

    H2LinkFrames(TunnelSession session, H2ResponseRelay relay) {
        this.session = session;
        this.relay = relay;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ended) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Http2DataFrame frame) {
            ByteBuf content = frame.content();
            if (content.isReadable()) {
                session.addOut(content.readableBytes());
                ctx.fireChannelRead(content);
            } else {
                frame.release();
            }
            endIf(ctx, frame.isEndStream());
        } else if (msg instanceof Http2HeadersFrame headers) {
            StreamReply reply = StreamReply.fromHeaders(headers.headers());
            if (!reply.connected()) {
                session.markLocalRefused();
                relay.localRefused(reply.error());
            }
            endIf(ctx, headers.isEndStream());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void endIf(ChannelHandlerContext ctx, boolean end) {
        if (end) {
            ended = true;
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    /** A reset reaches the stream ahead of frames still queued: whether it cut the answer is known at the close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            reset = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (reset && !ended) {
            relay.cut();
        }
        ctx.fireChannelInactive();
    }
}

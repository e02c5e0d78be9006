// Moves DATA frames from a tunnel stream to a TCP channel; reads the next frames only when the socket took these.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongConsumer;

public class StreamToSocketRelay extends ChannelInboundHandlerAdapter {
    protected final Channel socket;
    private final LongConsumer counter;
    private ChannelFuture lastWrite;
    private boolean ended;
    private boolean outputEnded;
    private boolean reset;

    public StreamToSocketRelay(Channel socket, LongConsumer counter) {
        this.socket = socket;
        this.counter = counter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame frame) {
            ended |= frame.isEndStream();
            ByteBuf content = frame.content();
            if (content.isReadable()) {
                counter.accept(content.readableBytes());
                lastWrite = socket.write(content);
            } else {
                frame.release();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            ended |= headers.isEndStream();
            onHeaders(headers);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Whether the peer has finished sending on the stream. */
    public boolean ended() {
        return ended;
    }

    /** The peer finished sending: by default only our output is shut, so the socket can still answer. */
    protected void onEnd() {
        Channels.endOutput(socket);
    }

    /** Called for HEADERS on the stream; the edge overrides it to turn an agent's refusal into an error page. */
    protected void onHeaders(Http2HeadersFrame headers) {
    }

    /**
     * A reset reaches stream channels as a user event, ahead of frames that came before it and still wait to be
     * read: whether the peer had finished sending is known only once those are read, when the stream closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            reset = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        socket.flush();
        if (ended) {
            if (!outputEnded) {
                outputEnded = true;
                onEnd();
            }
        } else {
            Channels.readAfter(ctx.channel(), lastWrite);
        }
        lastWrite = null;
    }

    /**
     * The stream is over. Reset before the peer finished sending, the transfer was cut: abort (RST), so it does not
     * look complete. Reset after the peer's end (it needs nothing more from us), everything it sent still goes out.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (reset && !ended) {
            Channels.abort(socket);
        } else {
            Channels.closeOnFlush(socket);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

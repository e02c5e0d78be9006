// Joins two HTTP/2 streams frame for frame: the stream another node opened here and the one this node opened on an
// agent's link. Reads one side only as fast as the other side's writes complete (back-pressure end to end).
package dev.portway.server.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongConsumer;

final class StreamBridge extends ChannelInboundHandlerAdapter {
    private final Channel other;
    private final LongConsumer counted;
    /** The last write of this read batch; the next read waits for it. */
    private ChannelFuture last;

    /** other: where this stream's frames go; counted: told the bytes of every DATA frame passed on. */
    StreamBridge(Channel other, LongConsumer counted) {
        this.other = other;
        this.counted = counted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            counted.accept(data.content().readableBytes());
            last = other.write(new DefaultHttp2DataFrame(data.content(), data.isEndStream()));
        } else if (msg instanceof Http2HeadersFrame headers) {
            last = other.write(new DefaultHttp2HeadersFrame(headers.headers(), headers.isEndStream()));
        } else {
            ReferenceCountUtil.release(msg);
            if (msg instanceof Http2ResetFrame) {
                other.close();
                ctx.close();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (last == null) {
            ctx.read();
            return;
        }
        ChannelFuture written = last;
        last = null;
        other.flush();
        written.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.read();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Both ends of a finished stream closed it already; one reset or broken midway takes its partner along.
        other.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

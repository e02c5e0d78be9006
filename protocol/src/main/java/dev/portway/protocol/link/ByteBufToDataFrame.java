// Outbound adapter on a stream channel: plain bytes written to it leave as HTTP/2 DATA frames.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;

@ChannelHandler.Sharable
public final class ByteBufToDataFrame extends ChannelOutboundHandlerAdapter {
    public static final ByteBufToDataFrame INSTANCE = new ByteBufToDataFrame();

    private ByteBufToDataFrame() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof ByteBuf buf ? new DefaultHttp2DataFrame(buf) : msg, promise);
    }
}

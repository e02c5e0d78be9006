// A local service behind the answering end of a link, for tests: it answers a stream's request with 200 and sends
// each DATA frame back, ending its answer when the request ends.
package dev.portway.protocol.link;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

@ChannelHandler.Sharable
final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame request) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"),
                    request.isEndStream()));
        } else if (msg instanceof Http2DataFrame data) {
            ctx.writeAndFlush(new DefaultHttp2DataFrame(data.content().retain(), data.isEndStream()));
        }
        ReferenceCountUtil.release(msg);
    }
}

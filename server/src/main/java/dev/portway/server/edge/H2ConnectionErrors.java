// The last handler of an HTTP/2 visitor connection. Http2MultiplexHandler passes on what is about the connection, not
// a stream (a visitor's reset, a broken TLS record): it is logged at debug and the connection closed, as the HTTP/1.1
// edge does, instead of reaching the pipeline's tail, where Netty warns that nothing handled it. An HTTP/2 protocol
// error is the codec's to close: it shows it here first, then sends its GOAWAY with the error's code (a close here
// would send GOAWAY NO_ERROR before it, and a flood of resets would look like a clean end).
package dev.portway.server.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ChannelHandler.Sharable
final class H2ConnectionErrors extends ChannelInboundHandlerAdapter {
    static final H2ConnectionErrors INSTANCE = new H2ConnectionErrors();
    private static final Logger LOG = LoggerFactory.getLogger(H2ConnectionErrors.class);

    private H2ConnectionErrors() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close();
        }
    }
}

// Last on a link between nodes, either end: takes the link's own frames (settings, PING answers, GOAWAY) that no
// stream claims, and ends a broken link with one short line rather than a stack trace each.
package dev.portway.server.cluster;

import dev.portway.server.log.LogThrottle;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ChannelHandler.Sharable
final class NodeLinkEnd extends ChannelInboundHandlerAdapter {
    static final NodeLinkEnd INSTANCE = new NodeLinkEnd();
    private static final Logger LOG = LoggerFactory.getLogger(NodeLinkEnd.class);
    private static final LogThrottle BROKEN = new LogThrottle(Duration.ofMinutes(1));

    private NodeLinkEnd() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    /** An HTTP/2 error is the codec's to close, after its GOAWAY with the error code; anything else is closed here. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object peer = ctx.channel().remoteAddress();
        BROKEN.hit(n -> LOG.warn("link with node at {} closed: {}{}", peer, cause.toString(), LogThrottle.more(n)));
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close();
        }
    }
}

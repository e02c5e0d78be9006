// Records the frames a link hands to one of its handlers (a stream's, or the one behind the streams), so a test can
// look at what the scripted peer's frames became.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

@ChannelHandler.Sharable
final class LinkFrames extends ChannelInboundHandlerAdapter {
    final List<Object> frames = new ArrayList<>();
    Throwable error;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frames.add(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        error = cause;
    }

    Http2Headers headers() {
        return first(Http2HeadersFrame.class).headers();
    }

    Http2GoAwayFrame goAway() {
        return first(Http2GoAwayFrame.class);
    }

    /** The bytes of every DATA frame, as text. */
    String text() {
        StringBuilder s = new StringBuilder();
        frames.stream().filter(Http2DataFrame.class::isInstance)
                .forEach(f -> s.append(((Http2DataFrame) f).content().toString(StandardCharsets.UTF_8)));
        return s.toString();
    }

    private <T> T first(Class<T> type) {
        T found = frames.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        assertNotNull(found, "no " + type.getSimpleName() + " among " + frames);
        return found;
    }

    void release() {
        frames.forEach(ReferenceCountUtil::release);
        frames.clear();
    }
}

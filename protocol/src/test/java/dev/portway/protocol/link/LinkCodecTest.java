// Two ends of a link, codec to codec: when several streams have data waiting, each still sends large DATA
// frames (Netty's default byte distributor gave each busy stream 1 KiB per turn).
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LinkCodecTest {
    private static final int STREAMS = 4;
    private static final int PER_STREAM = 512 * 1024;

    /** DATA payload sizes the agent's end received, per stream id. */
    private final Map<Integer, List<Integer>> received = new ConcurrentHashMap<>();

    @Test
    void busyStreamsSharingTheLinkSendWholeFrames() throws Exception {
        EmbeddedChannel edge = new EmbeddedChannel(LinkCodec.forEdge().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        EmbeddedChannel agent = new EmbeddedChannel(LinkCodec.forAgent().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Recorder(ch.stream().id()));
                    }
                }));
        // As the ends of a real link do: the receiving end opens the connection window wide at once.
        agent.writeAndFlush(new DefaultHttp2WindowUpdateFrame(LinkSettings.CONNECTION_WINDOW));
        Wire.pump(edge, agent);

        // Every stream queues all its data before anything is flushed: they compete for the link.
        List<Http2StreamChannel> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Http2StreamChannel s = new Http2StreamChannelBootstrap(edge).open().sync().getNow();
            s.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(), false));
            for (int sent = 0; sent < PER_STREAM; sent += 64 * 1024) {
                s.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[64 * 1024])));
            }
            streams.add(s);
        }
        streams.forEach(Http2StreamChannel::flush);
        Wire.pump(edge, agent);

        assertEquals(STREAMS, received.size(), "every stream arrived");
        for (Map.Entry<Integer, List<Integer>> e : received.entrySet()) {
            List<Integer> sizes = e.getValue();
            assertEquals(PER_STREAM, sizes.stream().mapToInt(Integer::intValue).sum(), "stream " + e.getKey());
            // The stream's flow-control window (1 MiB) holds all of it: only the sharing shapes the frames.
            assertTrue(sizes.size() <= PER_STREAM / (16 * 1024), "stream " + e.getKey() + " came in "
                    + sizes.size() + " DATA frames, the largest " + sizes.stream().mapToInt(i -> i).max().orElse(0)
                    + " bytes");
        }
        edge.finishAndReleaseAll();
        agent.finishAndReleaseAll();
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        private final int streamId;

        Recorder(int streamId) {
            this.streamId = streamId;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2DataFrame data) {
                ByteBuf content = data.content();
                if (content.isReadable()) {
                    received.computeIfAbsent(streamId, id -> new ArrayList<>()).add(content.readableBytes());
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }
}

// One assembly for every kind of link: both roles get the same handlers, in the same order, and neither end cuts the
// link over stream resets, however many.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkPipelineTest {
    /** More than Netty's default cap on RST_STREAM frames (200 sent or received per 30 s). */
    private static final int STREAMS = 300;

    private final List<Http2StreamChannel> answered = new ArrayList<>();

    @Test
    void bothRolesGetTheSameHandlersAndTheHelloLeaves() {
        for (LinkPipeline role : List.of(LinkPipeline.opensStreams("edge"), LinkPipeline.answersStreams("agent"))) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.pipeline().addLast(LinkPipeline.HELLO_CODEC, new ChannelInboundHandlerAdapter())
                    .addLast(LinkPipeline.HELLO, new ChannelInboundHandlerAdapter());
            ChannelHandler tail = new ChannelInboundHandlerAdapter();
            role.streams(new ChannelInboundHandlerAdapter()).then("tail", tail).install(ch.pipeline());

            assertEquals(List.of("flush", "frame-limit", "one-buffer-data", LinkPipeline.CODEC, "idle", "heartbeat",
                    "mux", "tail"), ch.pipeline().names().subList(0, 8));
            assertInstanceOf(FlushConsolidationHandler.class, ch.pipeline().get("flush"));
            assertEquals(LinkSettings.MAX_FRAME_SIZE, ch.config().getWriteBufferLowWaterMark(),
                    "a whole frame passes the flow controller in one round");
            assertInstanceOf(ControlFrameLimit.class, ch.pipeline().get("frame-limit"));
            assertInstanceOf(Http2FrameCodec.class, ch.pipeline().get(LinkPipeline.CODEC));
            assertInstanceOf(IdleStateHandler.class, ch.pipeline().get("idle"));
            assertInstanceOf(Http2MultiplexHandler.class, ch.pipeline().get("mux"));
            assertNull(ch.pipeline().get(LinkPipeline.HELLO));
            assertNull(ch.pipeline().get(LinkPipeline.HELLO_CODEC));
            ch.finishAndReleaseAll();
        }
    }

    /** Each visitor that aborts resets its stream: the agent's end and the edge's see hundreds in a few seconds. */
    @Test
    void hundredsOfResetsEachWayKeepTheLink() {
        EmbeddedChannel edge = new EmbeddedChannel();
        LinkPipeline.opensStreams("edge").streams(new ChannelInboundHandlerAdapter()).install(edge.pipeline());
        EmbeddedChannel agent = new EmbeddedChannel();
        LinkPipeline.answersStreams("agent").streams(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                answered.add(ch);
                ch.pipeline().addLast(new Release());
            }
        }).install(agent.pipeline());
        Wire.pump(edge, agent);

        // The agent resets streams the edge opened (a local service that refuses), then the edge resets its own
        // (visitors that abort).
        open(edge, agent);
        answered.forEach(Http2StreamChannel::close);
        Wire.pump(edge, agent);
        answered.clear();
        List<Http2StreamChannel> visitors = open(edge, agent);
        visitors.forEach(Http2StreamChannel::close);
        Wire.pump(edge, agent);

        assertEquals(STREAMS, answered.size());
        assertTrue(edge.isOpen(), "the edge's end is open");
        assertTrue(agent.isOpen(), "the agent's end is open");
        edge.finishAndReleaseAll();
        agent.finishAndReleaseAll();
    }

    private static List<Http2StreamChannel> open(EmbeddedChannel edge, EmbeddedChannel agent) {
        List<Http2StreamChannel> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Http2StreamChannel s = new Http2StreamChannelBootstrap(edge).open().syncUninterruptibly().getNow();
            s.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(), false));
            streams.add(s);
        }
        Wire.pump(edge, agent);
        return streams;
    }

    private static final class Release extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}

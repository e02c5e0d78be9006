// The link's control-frame limit: a flood of frames that move nothing (WINDOW_UPDATE, RST_STREAM, PRIORITY, ...)
// closes the link with ENHANCE_YOUR_CALM, also when the codec would drop them silently; traffic never does.
package dev.portway.protocol.link;

import static dev.portway.protocol.link.RawFrames.GOAWAY;
import static dev.portway.protocol.link.RawFrames.HEADERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ControlFrameLimitTest {
    private static final int PREFACE = RawFrames.PREFACE.length;
    private static final int FLOOD = ControlFrameLimit.BASE + 1_000;

    /** The attack run's case: an agent writes WINDOW_UPDATE frames for the connection as fast as it can. */
    @Test
    void aWindowUpdateFloodClosesTheEdgesLinkWithEnhanceYourCalm() throws Exception {
        LinkFrames errors = new LinkFrames();
        EmbeddedChannel edge = link(LinkPipeline.opensStreams("flooded").streams(new ChannelInboundHandlerAdapter())
                .then("errors", errors));
        ScriptedPeer agent = ScriptedPeer.answering(edge);
        agent.handshake();
        assertTrue(edge.isOpen());

        agent.send(RawFrames.repeat(windowUpdate(0), FLOOD));

        assertFalse(edge.isOpen(), "the link is closed");
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), agent.expect(GOAWAY).errorCode());
        assertEquals(Http2Error.ENHANCE_YOUR_CALM, assertInstanceOf(Http2Exception.class, errors.error).error(),
                "the handlers behind the codec are told why (the edge logs it)");
        edge.finishAndReleaseAll();
        errors.release();
    }

    /**
     * Frames for a stream that has ended reach no listener of the codec (Netty drops them without a word), so only a
     * count in front of the codec sees the flood. Here on the answering end, as the agent's and a node's.
     */
    @Test
    void aFloodForAStreamAlreadyClosedIsCountedToo() throws Exception {
        LinkFrames errors = new LinkFrames();
        EmbeddedChannel agent = link(LinkPipeline.answersStreams("agent")
                .streams(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Echo());
                    }
                })
                .then("errors", errors));
        ScriptedPeer edge = ScriptedPeer.opening(agent);
        edge.handshake();
        int stream = AnsweringEndTest.FIRST;
        edge.send(RawFrames.headers(stream, true, new DefaultHttp2Headers().method("GET").path("/")));
        assertTrue(edge.expect(HEADERS, stream).has(RawFrames.END_STREAM), "the stream was answered and ended");

        edge.send(RawFrames.repeat(windowUpdate(stream), FLOOD));

        assertFalse(agent.isOpen(), "the agent's end closed the link");
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), edge.expect(GOAWAY).errorCode());
        agent.finishAndReleaseAll();
        errors.release();
    }

    /** Heavy traffic brings its window updates and resets: each frame of it raises the allowance. */
    @Test
    void controlFramesThatComeWithTrafficAreAllowed() {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameLimit(true, () -> 0L), sink);
        int data = 30_000;
        List<byte[]> mixed = new ArrayList<>();
        for (int i = 0; i < data; i++) {
            mixed.add(frame(Http2FrameTypes.DATA, 0, 1, new byte[]{1}));
            mixed.add(windowUpdate(0));
            mixed.add(windowUpdate(1));
            mixed.add(frame(Http2FrameTypes.RST_STREAM, 0, 1, new byte[4]));
        }
        ByteBuf all = frames(mixed);
        int bytes = all.readableBytes();

        ch.writeInbound(all);

        assertTrue(ch.isOpen(), "3 control frames per DATA frame, " + 3 * data + " in all, are within the limit");
        assertEquals(bytes, sink.bytes, "every byte passed on, untouched");
        ch.finishAndReleaseAll();
    }

    /** The same control frames alone are a flood, however the bytes are cut into reads. */
    @Test
    void theSameControlFramesWithoutTrafficAreAFloodEvenInSmallPieces() {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameLimit(true, () -> 0L), sink);
        ByteBuf all = frames(repeat(frame(Http2FrameTypes.PRIORITY, 0, 3, new byte[5]), FLOOD));
        while (all.isReadable() && ch.isOpen()) {
            ch.writeInbound(all.readRetainedSlice(Math.min(5, all.readableBytes())));
        }
        all.release();

        assertFalse(ch.isOpen(), "closed");
        Http2Exception why = assertInstanceOf(Http2Exception.class, sink.error);
        assertEquals(Http2Error.ENHANCE_YOUR_CALM, why.error());
        ch.finishAndReleaseAll();
    }

    /** The allowance is per second: a steady rate just under it lasts. */
    @Test
    void theAllowanceIsRenewedEverySecond() {
        long[] now = {0};
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameLimit(true, () -> now[0]), new Sink());
        for (int second = 0; second < 5; second++) {
            ch.writeInbound(frames(repeat(windowUpdate(0), ControlFrameLimit.BASE)));
            now[0] += TimeUnit.SECONDS.toNanos(1);
        }
        assertTrue(ch.isOpen(), "open after 5 s at the base rate");
        ch.writeInbound(frames(repeat(windowUpdate(0), ControlFrameLimit.BASE + 1)));
        assertFalse(ch.isOpen(), "closed one frame past it");
        ch.finishAndReleaseAll();
    }

    /** Data sent counts as traffic as much as data received: an upload brings only window updates back. */
    @Test
    void dataSentRaisesTheAllowanceForTheWindowUpdatesThatAnswerIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameLimit(true, () -> 0L), new Sink());
        int data = 10_000;
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[PREFACE]));
        ch.writeOutbound(frames(repeat(frame(Http2FrameTypes.DATA, 0, 1, new byte[16]), data)));
        ch.writeInbound(frames(repeat(windowUpdate(1), ControlFrameLimit.BASE + data)));
        assertTrue(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    /** The answers to traffic of one second may arrive in the next (resets for DATA that was in flight). */
    @Test
    void trafficOfTheSecondBeforeStillCoversItsAnswers() {
        long[] now = {0};
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameLimit(true, () -> now[0]), new Sink());
        int data = 10_000;
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[PREFACE]));
        ch.writeOutbound(frames(repeat(frame(Http2FrameTypes.DATA, 0, 1, new byte[16]), data)));
        now[0] += TimeUnit.MILLISECONDS.toNanos(1_500);
        byte[] reset = frame(Http2FrameTypes.RST_STREAM, 0, 1, new byte[4]);
        ch.writeInbound(frames(repeat(reset, ControlFrameLimit.BASE + data)));
        assertTrue(ch.isOpen(), "covered by the second before");
        now[0] += TimeUnit.SECONDS.toNanos(2);
        ch.writeInbound(frames(repeat(reset, ControlFrameLimit.BASE + 1)));
        assertFalse(ch.isOpen(), "two seconds on, that traffic covers nothing");
        ch.finishAndReleaseAll();
    }

    private static EmbeddedChannel link(LinkPipeline pipeline) {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline.install(ch.pipeline());
        return ch;
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return RawFrames.frame(type, flags, stream, payload);
    }

    private static byte[] windowUpdate(int stream) {
        return RawFrames.windowUpdate(stream, 1);
    }

    private static List<byte[]> repeat(byte[] one, int times) {
        return java.util.Collections.nCopies(times, one);
    }

    private static ByteBuf frames(List<byte[]> all) {
        return Unpooled.wrappedBuffer(RawFrames.concat(all.toArray(byte[][]::new)));
    }

    /** Stands for the codec: counts the bytes passed on and keeps the error handed to it. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        long bytes;
        Throwable error;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error = cause;
        }
    }
}

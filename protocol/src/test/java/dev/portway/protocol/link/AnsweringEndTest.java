// The end of a link that answers the streams (the agent, a node that holds tunnels), played against a scripted peer
// in the edge's place: it answers each stream the peer opens, only watches an idle link (answering pings, never
// sending one), takes any number of resets, gives back window as it reads, hears a GOAWAY and refuses a stream id the
// peer may not open.
package dev.portway.protocol.link;

import static dev.portway.protocol.link.RawFrames.DATA;
import static dev.portway.protocol.link.RawFrames.END_STREAM;
import static dev.portway.protocol.link.RawFrames.GOAWAY;
import static dev.portway.protocol.link.RawFrames.HEADERS;
import static dev.portway.protocol.link.RawFrames.PING;
import static dev.portway.protocol.link.RawFrames.WINDOW_UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnsweringEndTest {
    /** More than Netty's default cap on RST_STREAM frames (200 received per 30 s), which the link turns off. */
    private static final int RESETS = 300;
    /**
     * The first stream a Netty client opens: it keeps stream 1 for an HTTP/1 upgrade, and Netty's multiplexer on the
     * answering end takes a stream 1 for one (an error without an upgrade). Every opening end of a link is Netty's.
     */
    static final int FIRST = 3;
    private static final Http2Headers REQUEST = new DefaultHttp2Headers().method("GET").path("/");

    private final LinkFrames behind = new LinkFrames();
    private EmbeddedChannel link;

    private ScriptedPeer start(LinkPipeline pipeline, ChannelHandler perStream) {
        link = new EmbeddedChannel();
        pipeline.streams(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(perStream);
            }
        }).then("behind", behind).install(link.pipeline());
        return ScriptedPeer.opening(link);
    }

    private ScriptedPeer start() {
        return start(LinkPipeline.answersStreams("agent"), new Echo());
    }

    @AfterEach
    void release() {
        if (link != null) {
            link.finishAndReleaseAll();
        }
        behind.release();
    }

    @Test
    void itOffersTheSameSettingsAsTheOpeningEnd() throws Exception {
        OpeningEndTest.assertLinkSettings(start().handshake());
    }

    @Test
    void itAnswersTheStreamsThePeerOpens() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        for (int stream = FIRST; stream <= FIRST + 4; stream += 2) {
            peer.send(RawFrames.headers(stream, false, REQUEST),
                    RawFrames.data(stream, true, ("to " + stream).getBytes(StandardCharsets.UTF_8)));
            assertEquals("200", peer.expect(HEADERS, stream).headers().status().toString());
            InFrame echo = peer.expect(DATA, stream);
            assertEquals("to " + stream, new String(echo.payload(), StandardCharsets.UTF_8));
            assertTrue(echo.has(END_STREAM));
        }
    }

    @Test
    void itAnswersPingsButNeverPings() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        peer.send(RawFrames.ping(42));
        InFrame pong = peer.expect(PING, 0);
        assertTrue(pong.has(RawFrames.ACK));
        assertEquals(42, pong.pingData());

        // Two heartbeat intervals and more, short of the silence that ends the link (Netty 4.2's IdleStateHandler
        // reads the embedded loop's clock, so a full DEAD_AFTER here now closes it, as on a real loop).
        link.advanceTimeBy(LinkSettings.DEAD_AFTER.toMillis() - 1, TimeUnit.MILLISECONDS);
        peer.expectNothing();
    }

    @Test
    void itClosesALinkThatStaysSilentAndSaysGoodbye() throws Exception {
        ScriptedPeer peer = start(LinkPipeline.answersStreams("agent").deadAfter(OpeningEndTest.SILENCE), new Echo());
        OpeningEndTest.handshakeUntimed(link, peer);
        assertTrue(link.isOpen(), "the handshake is no silence");

        OpeningEndTest.awaitClosed(link);
        assertEquals(Http2Error.NO_ERROR.code(), peer.expect(GOAWAY).errorCode());
    }

    /** Each visitor that aborts resets its stream: hundreds of them never cost the link. */
    @Test
    void resetsByThePeerNeverCostTheLink() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        for (int i = 0; i < RESETS; i++) {
            int stream = FIRST + 2 * i;
            peer.send(RawFrames.headers(stream, false, REQUEST), RawFrames.rstStream(stream, Http2Error.CANCEL.code()));
        }
        peer.send(RawFrames.ping(7));
        for (InFrame f = peer.take(); !(f.type() == PING && f.has(RawFrames.ACK)); f = peer.take()) {
            assertNotEquals(GOAWAY, f.type(), () -> "the link went away after " + RESETS + " resets");
        }
        assertTrue(link.isOpen());
    }

    /** A stream's window is given back once half of it has been read, not frame by frame. */
    @Test
    void itGivesBackAStreamsWindowOnceHalfOfItIsRead() throws Exception {
        ScriptedPeer peer = start(LinkPipeline.answersStreams("agent"), new Sink());
        peer.handshake();
        byte[] frame = new byte[LinkSettings.MAX_FRAME_SIZE];
        int half = LinkSettings.STREAM_WINDOW / 2 / frame.length;

        peer.send(RawFrames.headers(FIRST, false, REQUEST));
        for (int i = 1; i < half; i++) {
            peer.send(RawFrames.data(FIRST, false, frame));
        }
        peer.expectNothing();
        peer.send(RawFrames.data(FIRST, false, frame));
        assertEquals(LinkSettings.STREAM_WINDOW / 2, peer.expect(WINDOW_UPDATE, FIRST).increment());
        peer.expectNothing();
    }

    /**
     * The edge that restarts or kicks the agent sends GOAWAY with its reason: the handler behind the streams hears it
     * and the stream in flight is still answered.
     */
    @Test
    void aGoAwayReachesTheHandlerBehindAndTheStreamInFlightIsAnswered() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();
        GoAwayReason kicked = GoAwayReason.of(ErrorCode.KICKED, "disconnected");

        peer.send(RawFrames.headers(FIRST, false, REQUEST));
        peer.expect(HEADERS, FIRST);
        peer.send(RawFrames.goAway(0, Http2Error.NO_ERROR.code(),
                ByteBufUtil.getBytes(kicked.encode(UnpooledByteBufAllocator.DEFAULT))));
        assertEquals(kicked, GoAwayReason.decode(behind.goAway().content()).orElseThrow());

        peer.send(RawFrames.data(FIRST, true, "last".getBytes(StandardCharsets.UTF_8)));
        assertEquals("last", new String(peer.expect(DATA, FIRST).payload(), StandardCharsets.UTF_8));
        assertTrue(link.isOpen());
    }

    /** Even stream ids are the answering end's own: a peer that opens one breaks the protocol and loses the link. */
    @Test
    void aStreamWithAnIdThePeerMayNotOpenBreaksTheLink() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        peer.send(RawFrames.headers(2, false, REQUEST));

        assertEquals(Http2Error.PROTOCOL_ERROR.code(), peer.expect(GOAWAY).errorCode());
        assertFalse(link.isOpen());
    }

    /** A local service that reads everything and answers nothing. */
    @ChannelHandler.Sharable
    private static final class Sink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}

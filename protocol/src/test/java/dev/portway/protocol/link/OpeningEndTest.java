// The end of a link that opens the streams (the edge on an agent's link, a node dialling another), played against a
// scripted peer in the agent's place: what it writes on the wire, how it keeps an idle link alive and drops a dead
// one, how it honours the peer's window, how it resets a stream, and what a GOAWAY does to it.
package dev.portway.protocol.link;

import static dev.portway.protocol.link.RawFrames.DATA;
import static dev.portway.protocol.link.RawFrames.END_STREAM;
import static dev.portway.protocol.link.RawFrames.GOAWAY;
import static dev.portway.protocol.link.RawFrames.HEADERS;
import static dev.portway.protocol.link.RawFrames.PING;
import static dev.portway.protocol.link.RawFrames.RST_STREAM;
import static dev.portway.protocol.link.RawFrames.SETTINGS_INITIAL_WINDOW_SIZE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpeningEndTest {
    private static final Duration PING_EVERY = Duration.ofSeconds(5);
    /** Short enough to wait for; the handshake before it runs on a stopped clock (handshakeUntimed). */
    static final Duration SILENCE = Duration.ofMillis(250);

    private final LinkFrames behind = new LinkFrames();
    private final LinkFrames stream = new LinkFrames();
    private EmbeddedChannel link;

    private ScriptedPeer start(LinkPipeline pipeline) {
        link = new EmbeddedChannel();
        pipeline.streams(new LinkFrames()).then("behind", behind).install(link.pipeline());
        return ScriptedPeer.answering(link);
    }

    private ScriptedPeer start() {
        return start(LinkPipeline.opensStreams("edge").pingEvery(PING_EVERY));
    }

    /** A visitor's stream, as the edge opens it: its handler records what the peer answers. */
    private Http2StreamChannel open() {
        return new Http2StreamChannelBootstrap(link).handler(stream).open().syncUninterruptibly().getNow();
    }

    private static DefaultHttp2HeadersFrame request(boolean endStream) {
        return new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path("/"), endStream);
    }

    @AfterEach
    void release() {
        if (link != null) {
            link.finishAndReleaseAll();
        }
        behind.release();
        stream.release();
    }

    @Test
    void itOffersTheLinksSettings() throws Exception {
        assertLinkSettings(start().handshake());
    }

    static void assertLinkSettings(InFrame settings) {
        Map<Integer, Long> offered = settings.settings();
        assertEquals(LinkSettings.STREAM_WINDOW, offered.get((int) Http2CodecUtil.SETTINGS_INITIAL_WINDOW_SIZE));
        assertEquals(LinkSettings.MAX_FRAME_SIZE, offered.get((int) Http2CodecUtil.SETTINGS_MAX_FRAME_SIZE));
        assertEquals(LinkSettings.MAX_CONCURRENT_STREAMS,
                offered.get((int) Http2CodecUtil.SETTINGS_MAX_CONCURRENT_STREAMS));
        assertEquals(64 * 1024, offered.get((int) Http2CodecUtil.SETTINGS_MAX_HEADER_LIST_SIZE));
    }

    @Test
    void itOpensAStreamPerVisitorAndTakesThePeersAnswer() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        Http2StreamChannel visitor = open();
        visitor.write(request(false));
        visitor.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8), true));
        InFrame headers = peer.expect(HEADERS);
        int id = headers.stream();
        assertEquals(AnsweringEndTest.FIRST, id, "Netty keeps stream 1 for an HTTP/1 upgrade");
        assertEquals("/", headers.headers().path().toString());
        assertFalse(headers.has(END_STREAM));
        InFrame data = peer.expect(DATA, id);
        assertEquals("hi", new String(data.payload(), StandardCharsets.UTF_8));
        assertTrue(data.has(END_STREAM));

        peer.send(RawFrames.headers(id, false, new DefaultHttp2Headers().status("200")),
                RawFrames.data(id, true, "ok".getBytes(StandardCharsets.UTF_8)));
        assertEquals("200", stream.headers().status().toString());
        assertEquals("ok", stream.text());

        open().writeAndFlush(request(true));
        assertEquals(id + 2, peer.expect(HEADERS).stream(), "the next visitor's stream");
    }

    @Test
    void itPingsAnIdleLinkAndSaysNothingElse() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();

        link.advanceTimeBy(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        InFrame ping = peer.expect(PING, 0);
        assertFalse(ping.has(RawFrames.ACK));
        peer.send(RawFrames.pingAck(ping.pingData()));
        peer.expectNothing();

        link.advanceTimeBy(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        peer.expect(PING, 0);
        assertTrue(link.isOpen());
    }

    @Test
    void itClosesALinkThatStaysSilentAndSaysGoodbye() throws Exception {
        ScriptedPeer peer = start(LinkPipeline.opensStreams("edge").deadAfter(SILENCE));
        handshakeUntimed(link, peer);
        assertTrue(link.isOpen(), "the handshake is no silence");

        awaitClosed(link);
        InFrame goAway = peer.expect(GOAWAY);
        assertEquals(Http2Error.NO_ERROR.code(), goAway.errorCode());
    }

    /** A visitor that goes away before its answer: the stream is reset with CANCEL, and only that stream. */
    @Test
    void aStreamItEndsEarlyIsResetWithCancel() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();
        Http2StreamChannel visitor = open();
        visitor.writeAndFlush(request(false));
        int id = peer.expect(HEADERS).stream();

        visitor.close();
        assertEquals(Http2Error.CANCEL.code(), peer.expect(RST_STREAM, id).errorCode());
        peer.expectNothing();
        assertTrue(link.isOpen());
    }

    /** The peer's window bounds what a stream sends: the rest waits for the peer's WINDOW_UPDATE. */
    @Test
    void itSendsNoMoreThanThePeersWindowAndTheRestOnItsUpdate() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake(RawFrames.settings(SETTINGS_INITIAL_WINDOW_SIZE, 100));

        Http2StreamChannel visitor = open();
        visitor.write(request(false));
        visitor.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[300]), true));
        int id = peer.expect(HEADERS).stream();
        InFrame first = peer.expect(DATA, id);
        assertEquals(100, first.payload().length);
        assertFalse(first.has(END_STREAM));
        peer.expectNothing();

        peer.send(RawFrames.windowUpdate(id, 200));
        InFrame rest = peer.expect(DATA, id);
        assertEquals(200, rest.payload().length);
        assertTrue(rest.has(END_STREAM));
    }

    /**
     * The agent that stops (or is replaced) sends GOAWAY: the handler behind the streams hears it with its reason,
     * the streams in flight finish, and no new stream goes out on the link.
     */
    @Test
    void aGoAwayReachesTheHandlerBehindLetsStreamsInFlightFinishAndStopsNewOnes() throws Exception {
        ScriptedPeer peer = start();
        peer.handshake();
        Http2StreamChannel visitor = open();
        visitor.writeAndFlush(request(true));
        int id = peer.expect(HEADERS).stream();

        byte[] reason = ByteBufUtil.getBytes(GoAwayReason.of(ErrorCode.KICKED, "bye")
                .encode(UnpooledByteBufAllocator.DEFAULT));
        // As an agent that drains: the last stream it takes is the last the edge opened.
        peer.send(RawFrames.goAway(id, Http2Error.NO_ERROR.code(), reason));
        Http2GoAwayFrame goAway = behind.goAway();
        assertEquals(GoAwayReason.of(ErrorCode.KICKED, "bye"), GoAwayReason.decode(goAway.content()).orElseThrow());

        peer.send(RawFrames.headers(id, true, new DefaultHttp2Headers().status("204")));
        assertEquals("204", stream.headers().status().toString(), "the stream in flight is answered");

        ChannelFuture late = open().writeAndFlush(request(true));
        link.runPendingTasks();
        assertFalse(late.isSuccess(), "no stream is opened after the peer's GOAWAY");
        peer.expectNothing();
        assertTrue(link.isOpen());
    }

    /**
     * The handshake with the link's clock stopped: the idle check cannot come due in it, so a pause (GC, a loaded
     * machine) is not taken for the peer's silence; the silence counts from its last frame.
     */
    static void handshakeUntimed(EmbeddedChannel ch, ScriptedPeer peer) throws Exception {
        ch.freezeTime();
        peer.handshake();
        ch.unfreezeTime();
    }

    static void awaitClosed(EmbeddedChannel ch) {
        // The idle check reads the real clock: a short silence, waited for, not slept.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            ch.runPendingTasks();
            return !ch.isOpen();
        });
    }
}

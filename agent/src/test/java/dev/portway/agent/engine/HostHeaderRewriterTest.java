// The Host rewriter on its own: every head on a connection rewritten however its bytes are split, bodies passed
// byte-exact as they come, and nothing touched once the origin answered an upgrade with 101. On a pooled connection
// without --host-header, buffers whose heads need no change pass as the very same buffer; a visitor's "close" goes.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderRewriterTest {
    private static final String GET = "GET /a HTTP/1.1\r\nhost: app.example.com:8080\r\n"
            + "X-Forwarded-Host: app.example.com:8080\r\nAccept: */*\r\n\r\n";
    private static final String GET_REWRITTEN = "GET /a HTTP/1.1\r\nHost: localhost:5173\r\n"
            + "X-Forwarded-Host: app.example.com:8080\r\nAccept: */*\r\n\r\n";

    private final EmbeddedChannel local = new EmbeddedChannel(new HostHeaderRewriter("localhost:5173"));

    /** Writes the text to the local service in pieces of the size (0: whole). */
    private void send(String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int size = piece == 0 ? bytes.length : piece;
        for (int at = 0; at < bytes.length; at += size) {
            local.writeOutbound(Unpooled.wrappedBuffer(bytes, at, Math.min(size, bytes.length - at)));
        }
    }

    /** Everything that reached the local service so far. */
    private String received() {
        StringBuilder s = new StringBuilder();
        ByteBuf b;
        while ((b = local.readOutbound()) != null) {
            s.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return s.toString();
    }

    private void answer(String text) {
        local.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ByteBuf passed = local.readInbound();
        assertEquals(text, passed.toString(StandardCharsets.ISO_8859_1), "responses pass untouched");
        passed.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 64})
    void headsSplitAcrossSmallBuffersAreRewrittenWhole(int piece) {
        send(GET + GET, piece);
        assertEquals(GET_REWRITTEN + GET_REWRITTEN, received());
    }

    @Test
    void keepAliveRequestsWithBodiesAllRewrittenBodiesUntouched() {
        String post = "POST /up HTTP/1.1\r\nHost: a.example\r\nContent-Length: 24\r\n\r\n"
                + "Host: not-a-header\r\n\r\nxx";
        String chunked = "PUT /c HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nHost:\r\n1a;ext=1\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n0\r\nTrailer: v\r\n\r\n";
        for (int piece : new int[]{0, 1, 5}) {
            send(post + chunked + GET, piece);
            assertEquals(post.replace("Host: a.example", "Host: localhost:5173")
                    + chunked.replace("Host: a.example", "Host: localhost:5173") + GET_REWRITTEN, received());
        }
    }

    @Test
    void bodyPassesAsItComesNotBufferedUntilItsEnd() {
        send("POST /up HTTP/1.1\r\nHost: a.example\r\nContent-Length: 1000000\r\n\r\nfirst part", 0);
        assertEquals("POST /up HTTP/1.1\r\nHost: localhost:5173\r\nContent-Length: 1000000\r\n\r\nfirst part",
                received());
        send("x".repeat(1000), 0);
        assertEquals("x".repeat(1000), received());
    }

    @Test
    void aHeadWithoutHostGetsOneAndExtraHostLinesGo() {
        send("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n", 0);
        assertEquals("GET / HTTP/1.0\r\nAccept: */*\r\nHost: localhost:5173\r\n\r\n", received());
        send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0);
        assertEquals("GET / HTTP/1.1\r\nHost: localhost:5173\r\n\r\n", received());
    }

    @Test
    void afterA101NothingIsRewritten() {
        String upgrade = "GET /ws HTTP/1.1\r\nHost: a.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        String frames = "GET / HTTP/1.1\r\nHost: looks-like-http\r\n\r\n"; // WebSocket bytes, whatever they look like
        send(upgrade + frames, 0);
        assertEquals(upgrade.replace("Host: a.example", "Host: localhost:5173"), received(),
                "what follows an upgrade request waits for its answer");
        answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");
        assertEquals(frames, received());
        assertNull(local.pipeline().get(HostHeaderRewriter.class), "it steps out once the connection is upgraded");
        send(frames, 3);
        assertEquals(frames, received());
    }

    @Test
    void aRefusedUpgradeStaysHttpAndIsStillRewritten() {
        String upgrade = "GET /ws HTTP/1.1\r\nHost: a.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        send(upgrade + GET, 0);
        assertEquals(upgrade.replace("Host: a.example", "Host: localhost:5173"), received());
        answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nnope!");
        assertEquals(GET_REWRITTEN, received());
        send(GET, 1);
        assertEquals(GET_REWRITTEN, received());
    }

    @Test
    void responsesToHeadRequestsHaveNoBodyWhateverTheirLength() {
        String head = "HEAD / HTTP/1.1\r\nHost: a.example\r\n\r\n";
        String upgrade = "GET /ws HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        send(head + upgrade + "raw", 0);
        received();
        answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        answer("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        assertEquals("raw", received(), "the 101 was seen as the upgrade's answer, not as the HEAD's body");
    }

    @Test
    void aHeadOverTheCapEndsTheConnection() {
        ChannelFuture f = local.writeOneOutbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nX: "
                + "a".repeat(HostHeaderRewriter.MAX_HEAD) + "\r\n\r\n", StandardCharsets.ISO_8859_1));
        assertFalse(f.isSuccess());
        assertFalse(local.isOpen());
        received();
    }

    @Test
    void somethingNotHttpEndsTheConnection() {
        ChannelFuture f = local.writeOneOutbound(Unpooled.copiedBuffer("SSH-2.0-OpenSSH\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        assertTrue(f.isDone());
        assertFalse(f.isSuccess());
        assertFalse(local.isOpen());
    }

    private final EmbeddedChannel pooled = new EmbeddedChannel(new HostHeaderRewriter(null, true));

    private String pooledReceived() {
        StringBuilder s = new StringBuilder();
        ByteBuf b;
        while ((b = pooled.readOutbound()) != null) {
            s.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return s.toString();
    }

    @Test
    void aBufferWithNothingToChangeGoesOnAsTheSameBuffer() {
        String post = "POST /up HTTP/1.1\r\nHost: a.example\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\n"
                + "Host:";
        String chunked = "PUT /c HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nclose\r\n0\r\n\r\n";
        for (String text : new String[]{GET, post + chunked + GET, "HEAD / HTTP/1.0\r\n\r\n"}) {
            ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
            ChannelFuture f = pooled.writeOneOutbound(in);
            pooled.flushOutbound();
            ByteBuf out = pooled.readOutbound();
            assertSame(in, out, "no copy, no slice: the buffer itself");
            assertEquals(1, out.refCnt());
            assertEquals(0, out.readerIndex());
            assertEquals(text, out.toString(StandardCharsets.ISO_8859_1));
            assertNull(pooled.readOutbound());
            assertTrue(f.isSuccess());
            out.release();
        }
    }

    @Test
    void aSplitHeadWithNothingToChangePassesInItsOwnBytes() {
        String text = "GET /a HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf first = Unpooled.wrappedBuffer(bytes, 0, 20);
        ByteBuf second = Unpooled.wrappedBuffer(bytes, 20, bytes.length - 20);
        pooled.writeOutbound(first);
        assertNull(pooled.readOutbound(), "kept until the head's end says whether it changes");
        pooled.writeOutbound(second);
        ByteBuf a = pooled.readOutbound();
        ByteBuf b = pooled.readOutbound();
        assertSame(first.array(), a.unwrap().array(), "a slice of the first buffer, not a copy");
        assertSame(second, b);
        assertEquals(text, a.toString(StandardCharsets.ISO_8859_1) + b.toString(StandardCharsets.ISO_8859_1));
        a.release();
        b.release();
        assertEquals(0, first.refCnt());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5})
    void theVisitorsCloseLeavesItsConnectionHeaderTheOtherTokensStay(int piece) {
        String post = "POST /up HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbody";
        String tokens = "GET /b HTTP/1.1\r\nHost: a.example\r\nConnection: Close, X-Foo\r\nX-Foo: 1\r\n\r\n";
        String plain = "GET /c HTTP/1.1\r\nHost: a.example\r\n\r\n";
        byte[] bytes = (post + tokens + plain).getBytes(StandardCharsets.ISO_8859_1);
        int size = piece == 0 ? bytes.length : piece;
        for (int at = 0; at < bytes.length; at += size) {
            pooled.writeOutbound(Unpooled.wrappedBuffer(bytes, at, Math.min(size, bytes.length - at)));
        }
        assertEquals(post.replace("Connection: close\r\n", "")
                + tokens.replace("Connection: Close, X-Foo", "Connection: X-Foo") + plain, pooledReceived());
    }

    @Test
    void halfAHeadKeptBackIsNotIdle() {
        assertTrue(rewriter().idle());
        send("POST /transfer?to=mallory HTTP/1.1\r\nHost: app\r\nX-Pad: ", 0);
        assertFalse(rewriter().idle(), "part of a head is kept until its end");
        send("1\r\n\r\n", 0);
        received();
        assertTrue(rewriter().idle());
    }

    private HostHeaderRewriter rewriter() {
        return local.pipeline().get(HostHeaderRewriter.class);
    }
}

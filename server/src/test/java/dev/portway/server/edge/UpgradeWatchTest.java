// The upgrade watch alone, behind a real request decoder and fed the origin's answers through the response scanner:
// only a WebSocket request's own 101 turns the connection raw, also after a 100 Continue and behind the answer to a
// pipelined request before it (the first bytes of "the next response" decided both wrongly before), and the reads
// wait for that answer.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.store.SocketRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpgradeWatchTest {
    private static final String WEBSOCKET = "GET /ws HTTP/1.1\r\nHost: app.localhost\r\nConnection: Upgrade\r\n"
            + "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    private static final String SWITCHED = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\n\r\n";
    private static final EdgeSocket SOCKET = EdgeSocket.of(SocketRecord.open("s", "u", "n", "app.localhost", "http",
            null, "now"));

    private final ServerMetrics metrics = new ServerMetrics();
    private final ResponseCounter responses = new ResponseCounter(metrics, "http");
    private final ReadCounter reads = new ReadCounter();
    private final EmbeddedChannel ch = reads.onDemand(new EmbeddedChannel());
    private final List<Object> seen = new ArrayList<>();

    UpgradeWatchTest() {
        ch.pipeline().addLast("http", new HttpRequestDecoder()).addLast(new Admit())
                .addLast(new UpgradeWatch(responses)).addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }
                });
        HeadDeadline.install(ch.pipeline(), "http", Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        seen.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
        metrics.close();
    }

    /** Stands in for the access gate: every request is admitted. */
    private static final class Admit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.fireChannelRead(msg instanceof HttpRequest req ? new AdmittedRequest(req, SOCKET, null) : msg);
        }
    }

    private void visitor(String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private void origin(String bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1);
        responses.scan(buf);
        buf.release();
        ch.runPendingTasks();
    }

    private boolean raw() {
        return ch.pipeline().get(HttpRequestDecoder.class) == null;
    }

    @Test
    void aWebSocketsOwn101TurnsTheConnectionRawAndTheReadsWaitForIt() {
        visitor(WEBSOCKET);
        ch.read();
        assertEquals(0, reads.count(), "no read while the origin has not answered the upgrade");
        origin(SWITCHED);
        assertEquals(1, reads.count(), "the read asked meanwhile goes now");
        assertNull(ch.pipeline().get(UpgradeWatch.class));
        assertNull(ch.pipeline().get(HeadDeadline.HEADS));
        visitor("\u0081\u0002hi");
        assertEquals("\u0081\u0002hi", ((ByteBuf) seen.get(seen.size() - 1)).toString(StandardCharsets.ISO_8859_1),
                "frames pass as bytes, past the decoder");
    }

    @Test
    void a100ContinueBeforeThe101IsNotTheAnswer() {
        visitor(WEBSOCKET);
        origin("HTTP/1.1 100 Continue\r\n\r\n");
        assertFalse(raw(), "an interim answer decides nothing");
        ch.read();
        assertEquals(0, reads.count());
        origin(SWITCHED);
        assertEquals(1, reads.count());
        assertTrue(raw());
    }

    @Test
    void theAnswerToAnEarlierPipelinedRequestIsNotTheUpgradesAnswer() {
        visitor("GET /page HTTP/1.1\r\nHost: app.localhost\r\n\r\n" + WEBSOCKET);
        origin("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertFalse(raw());
        ch.read();
        assertEquals(0, reads.count(), "still waiting: that was the page's answer");
        origin(SWITCHED);
        assertTrue(raw());
        assertEquals(1, reads.count());
    }

    @Test
    void a101ThatAnswersAnEarlierRequestTurnsNothingRaw() {
        visitor("GET /page HTTP/1.1\r\nHost: app.localhost\r\n\r\n" + WEBSOCKET);
        origin(SWITCHED); // the page's answer: the scanner stops following, and the upgrade is refused
        assertFalse(raw());
        ch.read();
        assertEquals(1, reads.count(), "decided: the reads go on as HTTP");
    }

    @Test
    void aRefusedUpgradeKeepsTheConnectionHttp() {
        visitor(WEBSOCKET);
        ch.read();
        origin("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        assertFalse(raw());
        assertEquals(1, reads.count());
        visitor("GET /next HTTP/1.1\r\nHost: app.localhost\r\n\r\n");
        assertNotNull(seen.stream().filter(o -> o instanceof AdmittedRequest a && a.head().uri().equals("/next"))
                .findFirst().orElse(null), "the next request is decoded and admitted as HTTP");
    }

    @Test
    void anyOtherUpgradeIsStrippedAndHoldsNothing() {
        visitor("GET / HTTP/1.1\r\nHost: app.localhost\r\nConnection: Upgrade, HTTP2-Settings, keep-alive\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        AdmittedRequest req = (AdmittedRequest) seen.get(0);
        assertNull(req.head().headers().get("Upgrade"));
        assertNull(req.head().headers().get("HTTP2-Settings"));
        assertEquals("keep-alive", req.head().headers().get("Connection"));
        ch.read();
        assertEquals(1, reads.count(), "nothing to wait for");
        origin(SWITCHED);
        assertFalse(raw(), "a 101 to a request that asked for no upgrade turns nothing raw");
        assertEquals(1, seen.stream().filter(o -> o instanceof HttpContent).count());
    }
}

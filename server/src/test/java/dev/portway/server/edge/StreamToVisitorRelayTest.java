// The relay from a tunnel stream to an HTTP visitor alone (the stream and the visitor each an EmbeddedChannel): the
// origin's bytes go through untouched and counted, the agent's "could not connect" becomes a 502 page, and a
// refusal of a later pipelined request waits for the answers before it, or is dropped when they cannot be followed.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.StreamReply;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamToVisitorRelayTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final ServerMetrics metrics = new ServerMetrics();
    private final ResponseCounter responses = new ResponseCounter(metrics, "http");
    private final EmbeddedChannel visitor = new EmbeddedChannel();
    private final TunnelSession session = new TunnelSession("t", "s", "app.localhost", new EmbeddedChannel());
    private final StreamToVisitorRelay relay = new StreamToVisitorRelay(visitor, session, "app.localhost", responses);
    private final EmbeddedChannel stream = new EmbeddedChannel(relay);

    @AfterEach
    void close() {
        stream.finishAndReleaseAll();
        visitor.finishAndReleaseAll();
        metrics.close();
    }

    private void fromOrigin(String bytes, boolean end) {
        stream.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1),
                end));
    }

    private static ByteBuf page(int status) {
        return ErrorPages.page(UnpooledByteBufAllocator.DEFAULT, status, "X", "x", "x");
    }

    private double originAnswered(String statusClass) {
        return metrics.registry().find("portway.visitor.requests").tags("edge", "http", "answered_by", "origin",
                "status", statusClass).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theOriginsBytesPassUntouchedCountedAndTheEndClosesTheVisitor() {
        responses.asked(HttpMethod.GET);
        stream.writeInbound(new DefaultHttp2HeadersFrame(StreamReply.connectedReply().toHeaders()));
        fromOrigin(OK.substring(0, 10), false);
        fromOrigin(OK.substring(10), true);
        assertEquals(OK, EdgeRig.written(visitor));
        assertEquals(OK.length(), session.bytesOut());
        assertTrue(responses.allAnswered());
        assertFalse(visitor.isOpen(), "the origin's end of the answer ends the visitor's connection");
    }

    @Test
    void theAgentsRefusalIsA502PageAndTheTunnelIsPassedOver() {
        responses.asked(HttpMethod.GET);
        stream.writeInbound(new DefaultHttp2HeadersFrame(StreamReply.failed("connection refused").toHeaders(), true));
        String page = EdgeRig.written(visitor);
        assertTrue(page.startsWith("HTTP/1.1 502 "), page);
        assertTrue(page.contains("connection refused"), page);
        assertTrue(session.refusedRecently());
        assertFalse(visitor.isOpen());
    }

    @Test
    void aRefusalWaitsForTheAnswersBeforeIt() {
        responses.asked(HttpMethod.GET);
        responses.asked(HttpMethod.GET);
        fromOrigin(OK, false);
        relay.refuseAfterAnswers(page(404));
        assertEquals(OK, EdgeRig.written(visitor), "one answer is still owed: the page waits");
        assertTrue(visitor.isOpen());
        fromOrigin("HTTP/1.1 204 No Content\r\n\r\n", false);
        String rest = EdgeRig.written(visitor);
        assertTrue(rest.startsWith("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 404 "), rest);
        assertFalse(visitor.isOpen(), "the connection ends after the page");
        assertEquals(2, originAnswered("2xx"));
    }

    @Test
    void aRefusalBehindAnAnswerThatRunsUntilCloseIsDroppedAndTheOriginsEndCloses() {
        responses.asked(HttpMethod.GET);
        fromOrigin("HTTP/1.1 200 OK\r\n\r\nuntil close", false);
        ByteBuf refusal = page(404);
        relay.refuseAfterAnswers(refusal);
        assertEquals("HTTP/1.1 200 OK\r\n\r\nuntil close", EdgeRig.written(visitor));
        fromOrigin("...", true);
        assertEquals("...", EdgeRig.written(visitor), "no page inside a body");
        assertEquals(0, refusal.refCnt(), "the page was released");
        assertFalse(visitor.isOpen());
    }

    @Test
    void aStreamResetMidAnswerAbortsTheVisitor() {
        responses.asked(HttpMethod.GET);
        fromOrigin("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", false);
        stream.pipeline().fireUserEventTriggered(new io.netty.handler.codec.http2.DefaultHttp2ResetFrame(8));
        stream.close();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", EdgeRig.written(visitor));
        assertFalse(visitor.isOpen(), "a cut-off answer must not look complete: the visitor is closed");
        assertNull(visitor.readOutbound());
    }
}

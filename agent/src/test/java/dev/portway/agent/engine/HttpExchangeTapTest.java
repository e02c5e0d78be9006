// The tap logs each exchange on a kept-alive connection, understands HEAD and 100-continue, and stops at an upgrade;
// for the inspector it reports pending exchanges, heads and bounded bodies, failures, and upgraded bytes.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpExchangeTapTest {
    final List<RequestLog> logs = new ArrayList<>();
    final List<Exchange> seen = new ArrayList<>();
    final EmbeddedChannel local = new EmbeddedChannel(new HttpExchangeTap(seen::add, e -> {
        if (e.state() == Exchange.State.DONE) {
            logs.add(RequestLog.of(e));
        }
    }, Body.LIMIT));

    void request(String text) {
        local.writeOutbound(buf(text));
        ((ByteBuf) local.readOutbound()).release();
    }

    void response(String text) {
        local.writeInbound(buf(text));
        ((ByteBuf) local.readInbound()).release();
    }

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void logsKeptAliveExchangesInOrder() {
        request("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        response("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n");
        assertEquals(1, logs.size());
        response("0\r\n\r\n");
        assertEquals(2, logs.size());
        assertEquals("GET /a 200", logs.get(0).method() + " " + logs.get(0).path() + " " + logs.get(0).status());
        assertEquals(5, logs.get(0).bytes());
        assertEquals("POST /b 201", logs.get(1).method() + " " + logs.get(1).path() + " " + logs.get(1).status());
        assertEquals(3, logs.get(1).bytes());
    }

    @Test
    void headResponsesHaveNoBodyAndInterimResponsesAreSkipped() {
        request("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n");
        request("PUT /p HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
        response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        assertEquals(2, logs.size());
        assertEquals(200, logs.get(0).status());
        assertEquals(0, logs.get(0).bytes());
        assertEquals(204, logs.get(1).status());
    }

    @Test
    void stopsWatchingAfterAnUpgradeAndPassesBytesUntouched() {
        request("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        response("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        local.writeInbound(buf("\u0081\u0002hi"));
        ByteBuf frame = local.readInbound();
        assertEquals("\u0081\u0002hi", frame.toString(StandardCharsets.ISO_8859_1));
        frame.release();
        assertEquals(1, logs.size());
        assertEquals(101, logs.get(0).status());
        assertEquals("GET /ws 101 " + logs.get(0).durationMillis() + " ms 0 B", logs.get(0).line());
    }

    @Test
    void theInspectorSeesAPendingRequestThenItsHeadsAndBodies() {
        request("POST /api/items?x=1 HTTP/1.1\r\nHost: app.localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 13\r\n\r\n{\"name\":\"pw\"}");
        assertEquals(1, seen.size());
        Exchange pending = seen.get(0);
        assertEquals(Exchange.State.PENDING, pending.state());
        assertEquals("POST /api/items?x=1", pending.method() + " " + pending.target());
        assertEquals("application/json", pending.requestHeader("content-type").orElseThrow());

        response("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\ncreated");
        Exchange done = seen.get(seen.size() - 1);
        assertEquals(Exchange.State.DONE, done.state());
        assertEquals(pending.id(), done.id());
        assertEquals("{\"name\":\"pw\"}", done.requestBody().text());
        assertEquals(201, done.status());
        assertEquals("Created", done.reason());
        assertEquals("created", done.responseBody().text());
        assertTrue(done.responseBody().whole());
    }

    @Test
    void bodiesBeyondTheLimitAreCountedNotKept() {
        request("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        int size = Body.LIMIT * 3 + 5;
        response("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n" + "z".repeat(size));
        Exchange done = seen.get(seen.size() - 1);
        assertEquals(size, done.responseBody().size());
        assertEquals(Body.LIMIT, done.responseBody().captured().length);
        assertTrue(!done.responseBody().whole());
    }

    @Test
    void aResponseCutOffOrEndingWithTheConnection() {
        request("GET /cut HTTP/1.1\r\nHost: x\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
        local.close();
        Exchange cut = seen.get(seen.size() - 1);
        assertEquals(Exchange.State.FAILED, cut.state());
        assertEquals("the response was cut off: the connection closed before its end", cut.failure());
        assertEquals(0, logs.size());

        EmbeddedChannel old = new EmbeddedChannel(new HttpExchangeTap(seen::add, e -> logs.add(RequestLog.of(e)),
                Body.LIMIT));
        old.writeOutbound(buf("GET /old HTTP/1.0\r\n\r\n"));
        ((ByteBuf) old.readOutbound()).release();
        old.writeInbound(buf("HTTP/1.0 200 OK\r\n\r\nuntil close"));
        ((ByteBuf) old.readInbound()).release();
        old.close();
        Exchange untilClose = seen.get(seen.size() - 1);
        assertEquals(Exchange.State.DONE, untilClose.state());
        assertEquals("until close", untilClose.responseBody().text());
    }

    @Test
    void anUpgradedConnectionReportsItsBytesWhenItEnds() {
        request("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        response("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        local.writeInbound(buf("\u0081\u0002hi"));
        ((ByteBuf) local.readInbound()).release();
        local.writeOutbound(buf("\u0081\u0083abcdefg"));
        ((ByteBuf) local.readOutbound()).release();
        local.close();
        Exchange last = seen.get(seen.size() - 1);
        assertEquals(101, last.status());
        assertEquals(4, last.upgradedBytesOut());
        assertEquals(9, last.upgradedBytesIn());
    }

    @Test
    void withCaptureOffOnlyTheLogLineIsKept() {
        EmbeddedChannel quiet = new EmbeddedChannel(new HttpExchangeTap(seen::add, e -> { }, 0));
        quiet.writeOutbound(buf("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"));
        ((ByteBuf) quiet.readOutbound()).release();
        quiet.writeInbound(buf("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        ((ByteBuf) quiet.readInbound()).release();
        Exchange done = seen.get(seen.size() - 1);
        assertEquals(List.of(), done.requestHeaders());
        assertEquals(0, done.requestBody().captured().length);
        assertEquals(2, done.requestBody().size());
        assertEquals(2, done.responseBody().size());
    }
}

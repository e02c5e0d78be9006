// The tap logs each exchange on a kept-alive connection, understands HEAD and 100-continue, and stops at an upgrade.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpExchangeTapTest {
    final List<RequestLog> logs = new ArrayList<>();
    final EmbeddedChannel local = new EmbeddedChannel(new HttpExchangeTap(logs::add));

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
}

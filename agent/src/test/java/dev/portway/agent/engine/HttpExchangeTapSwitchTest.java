// Capture is decided per exchange: on a kept-alive connection the tap turns to decoding (heads, bodies) from the first
// request that starts after capture was turned on, and back to scanning after it was turned off; never in the middle of
// a message (half a head, a body still sending after an early answer) nor while pipelined exchanges are in flight.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpExchangeTapSwitchTest {
    final AtomicInteger bodyLimit = new AtomicInteger();
    final AtomicInteger asked = new AtomicInteger();
    final List<Exchange> ended = new ArrayList<>();
    final EmbeddedChannel local = new EmbeddedChannel(new HttpExchangeTap(e -> { }, ended::add, () -> {
        asked.incrementAndGet();
        return bodyLimit.get();
    }));

    void request(String text) {
        local.writeOutbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ((ByteBuf) local.readOutbound()).release();
    }

    void response(String text) {
        local.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ((ByteBuf) local.readInbound()).release();
    }

    void exchange(String path) {
        request("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1");
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }

    Exchange ended(String path) {
        return ended.stream().filter(e -> e.target().equals(path)).findFirst().orElseThrow();
    }

    static boolean captured(Exchange e) {
        return !e.requestHeaders().isEmpty() && e.requestBody().captured().length > 0;
    }

    @Test
    void aKeptAliveConnectionIsCapturedFromTheNextRequestOnAndNoLongerOnceOff() {
        exchange("/before");
        bodyLimit.set(Body.LIMIT);
        exchange("/looked");
        bodyLimit.set(0);
        exchange("/after");

        assertFalse(captured(ended("/before")));
        assertEquals(3, ended("/before").requestBody().size(), "sizes are counted all the same");
        assertTrue(captured(ended("/looked")), ended("/looked").toString());
        assertEquals("a=1", ended("/looked").requestBody().text());
        assertEquals("ok", ended("/looked").responseBody().text());
        assertFalse(captured(ended("/after")));
        assertEquals(2, ended("/after").responseBody().size());
        assertEquals(Exchange.State.DONE, ended("/after").state());
        assertEquals(4, asked.get(), "asked once on joining and once per request");
    }

    @Test
    void pipelinedRequestsKeepTheirReaderUntilTheConnectionIsIdle() {
        request("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n");
        bodyLimit.set(Body.LIMIT);
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr1");
        request("HEAD /p3 HTTP/1.1\r\nHost: x\r\n\r\n"); // p2 still in flight: no switch yet
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr2HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
        exchange("/p4");
        bodyLimit.set(0);
        request("GET /p5 HTTP/1.1\r\nHost: x\r\n\r\nGET /p6 HTTP/1.1\r\nHost: x\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr5");
        bodyLimit.set(Body.LIMIT);
        request("GET /p7 HTTP/1.1\r\nHost: x\r\n\r\n"); // scanned as p5 and p6 were: p6 is in flight
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr6HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr7");
        exchange("/p8");

        assertEquals(List.of("/p1 200 2", "/p2 200 2", "/p3 200 0", "/p4 200 2", "/p5 200 2", "/p6 200 2",
                "/p7 200 2", "/p8 200 2"), ended.stream().map(e -> e.target() + " " + e.status() + " "
                + e.responseBody().size()).toList());
        assertTrue(ended.stream().allMatch(e -> e.state() == Exchange.State.DONE));
        assertEquals(List.of(false, false, false, true, false, false, false, true), ended.stream()
                .map(e -> !e.requestHeaders().isEmpty()).toList());
        assertEquals("ok", ended("/p8").responseBody().text());
    }

    @Test
    void neverSwitchesInTheMiddleOfAHead() {
        request("GET /half HTTP/1.1\r\nHo");
        bodyLimit.set(Body.LIMIT);
        request("st: x\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(Exchange.State.DONE, ended("/half").state());

        exchange("/decoded");
        // The decoder takes the start line in and holds no byte of it: the head is still half read.
        request("GET /line HTTP/1.1\r\n");
        bodyLimit.set(0);
        request("Host: x\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(Exchange.State.DONE, ended("/line").state(), ended("/line").toString());
        assertEquals("x", ended("/line").requestHeader("host").orElseThrow());
    }

    @Test
    void neverSwitchesWhileARequestBodyIsStillSendingAfterAnEarlyAnswer() {
        bodyLimit.set(Body.LIMIT);
        exchange("/first");
        request("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        response("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n");
        bodyLimit.set(0);
        request("defghij");
        exchange("/next");
        assertEquals(413, ended("/early").status());
        assertEquals(Exchange.State.DONE, ended("/next").state(), ended("/next").toString());
        assertEquals("POST", ended("/next").method(), "the body's tail was not read as a start line");
        assertFalse(captured(ended("/next")));
    }
}

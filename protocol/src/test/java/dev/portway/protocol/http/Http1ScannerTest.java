// The scanner follows HTTP/1.1 framing however the bytes are split: every test feeds its bytes in pieces of every
// size from 1 byte to all of them and expects the same events.
package dev.portway.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class Http1ScannerTest {

    private static final Function<Http1Scanner, Http1Scanner.Body> AS_FRAMED = h -> Http1Scanner.Body.AS_FRAMED;

    private static List<String> scan(boolean requests, String text, Function<Http1Scanner, Http1Scanner.Body> decide,
                                     boolean close) {
        List<String> first = null;
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int piece = 1; piece <= bytes.length; piece++) {
            ScannerEvents events = new ScannerEvents(requests, decide);
            Http1Scanner s = requests ? Http1Scanner.requests(events) : Http1Scanner.responses(events);
            for (int at = 0; at < bytes.length; at += piece) {
                ByteBuf buf = Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at));
                int start = buf.readerIndex();
                s.scan(buf);
                assertEquals(start, buf.readerIndex(), "the bytes are left to the relay");
            }
            if (close) {
                s.closed();
            }
            if (first == null) {
                first = events.seen;
            }
            assertEquals(first, events.seen, "pieces of " + piece);
        }
        return first;
    }

    private static List<String> requests(String text) {
        return scan(true, text, AS_FRAMED, false);
    }

    private static List<String> responses(String text) {
        return scan(false, text, AS_FRAMED, false);
    }

    @Test
    void pipelinedRequestsWithLengthAndChunks() {
        assertEquals(List.of("HTTP/1.1 GET /a?x=1", "end 0",
                        "HTTP/1.1 POST /b", "end 3",
                        "HTTP/1.0 PUT /c", "end 11",
                        "HTTP/1.1 PURGE /d", "end 0"),
                requests("GET /a?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /b HTTP/1.1\r\nCONTENT-LENGTH: 3\r\n\r\nabc"
                        + "PUT /c HTTP/1.0\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                        + "5;name=v\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
                        + "\r\nPURGE /d HTTP/1.1\r\n\r\n"));
    }

    @Test
    void chunkSizesAreHexAndChunkDataMayLookLikeHeads() {
        assertEquals(List.of("HTTP/1.1 200 OK", "end 26", "HTTP/1.1 404 Not Found", "end 0"),
                responses("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                        + "1A\r\nHTTP/1.1 500 x\r\n\r\n01234567\r\n0\r\n\r\n"
                        + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
    }

    @Test
    void noBodyFor204And304AndWhenTheListenerSaysSo() {
        assertEquals(List.of("HTTP/1.1 204 No Content", "end 0", "HTTP/1.1 304 Not Modified", "end 0",
                        "HTTP/1.1 200 HEAD", "end 0", "HTTP/1.1 200 OK", "end 2"),
                scan(false, "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"
                                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"
                                + "HTTP/1.1 200 HEAD\r\nContent-Length: 999\r\n\r\n"
                                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                        // the listener knows which request it answers: here the reason phrase tells the test
                        h -> h.reason().equals("HEAD") ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED,
                        false));
    }

    @Test
    void interimResponsesHaveNoBody() {
        assertEquals(List.of("HTTP/1.1 100 Continue", "end 0", "HTTP/1.1 201 Created", "end 4"),
                responses("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nmade"));
    }

    @Test
    void anUpgradeStopsTheScanner() {
        assertEquals(List.of("HTTP/1.1 101 Switching Protocols"),
                scan(false, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
                                + "HTTP/1.1 200 raw bytes now\r\nContent-Length: 0\r\n\r\n",
                        h -> h.status() == 101 ? Http1Scanner.Body.STOP : Http1Scanner.Body.AS_FRAMED, false));
    }

    @Test
    void aBodyWithoutFramingRunsUntilTheClose() {
        assertEquals(List.of("HTTP/1.0 200 OK", "end 31"),
                scan(false, "HTTP/1.0 200 OK\r\n\r\nuntil close HTTP/1.1 200 OK\r\n\r\n", AS_FRAMED, true));
    }

    @Test
    void whatIsNotHttpStopsTheScanner() {
        assertEquals(List.of("garbage"), responses("SSH-2.0-OpenSSH\r\nHTTP/1.1 200 OK\r\n\r\n"));
        assertEquals(List.of("garbage"), responses("HTTP/1.1 2x0 OK\r\n\r\n"));
        assertEquals(List.of("garbage"), requests("\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n"));
        assertEquals(List.of("HTTP/1.1 GET /", "end 0", "garbage"),
                requests("GET / HTTP/1.1\r\n\r\nGET /nothing-after-the-target\r\n\r\n"));
        assertEquals(List.of("garbage"),
                requests("GET /" + "a".repeat(Http1Scanner.MAX_START_LINE) + " HTTP/1.1\r\n\r\n"));
    }

    @Test
    void saysWhichHeadsCloseTheirConnection() {
        List<String> closes = new java.util.ArrayList<>();
        scan(false, "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nX-Close: close\r\nCONNECTION: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\n\r\n"
                        + "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
                h -> {
                    closes.add(String.valueOf(h.closes()));
                    return Http1Scanner.Body.AS_FRAMED;
                }, false);
        assertEquals(List.of("false", "true", "false", "true"), closes.subList(0, 4));
    }

    @Test
    void scanPartStopsJustAfterEachHeadAndEachMessage() {
        String text = "GET /a HTTP/1.1\r\nUpgrade-Insecure-Requests: 1\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 3\r\nConnection: keep-alive, close\r\n\r\nabc"
                + "GET /ws HTTP/1.1\r\nupgrade: websocket\r\n\r\nrest";
        List<String> seen = new java.util.ArrayList<>();
        Http1Scanner[] self = new Http1Scanner[1];
        self[0] = Http1Scanner.requests(new Http1Scanner.Listener() {
            @Override
            public Http1Scanner.Body head(Http1Scanner h) {
                seen.add(h.target() + " upgrade=" + h.upgradeAsked() + " close=" + h.connectionClose());
                return Http1Scanner.Body.AS_FRAMED;
            }

            @Override
            public void end() {
                seen.add("end");
            }
        });
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        List<Integer> stops = new java.util.ArrayList<>();
        int at = 0;
        while (at < buf.writerIndex()) {
            at = self[0].scanPart(buf, at, buf.writerIndex());
            stops.add(at);
        }
        int first = text.indexOf("POST");
        int body = text.indexOf("abc");
        int ws = text.indexOf("GET /ws");
        int rest = text.indexOf("rest");
        assertEquals(List.of(first, body, ws, rest, text.length()), stops, "a head with no body ends both at once");
        assertEquals(List.of("/a upgrade=false close=false", "end", "/b upgrade=false close=true", "end",
                "/ws upgrade=true close=false", "end"), seen);
    }

    @Test
    void repeatedEqualContentLengthsAreOneLengthAndDifferentOnesGarbage() {
        assertEquals(List.of("HTTP/1.1 200 OK", "end 5"),
                responses("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"));
        assertEquals(List.of("HTTP/1.1 200 OK", "end 5"),
                responses("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"));
        assertEquals(List.of("garbage"),
                responses("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"));
        assertEquals(List.of("garbage"), responses("HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\nhello"));
    }

    @Test
    void anOverflowingChunkSizeIsGarbageAndTheScanReturns() {
        List<String> seen = assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                responses("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8000000000000000\r\nabc"));
        assertEquals(List.of("HTTP/1.1 200 OK", "garbage"), seen);
    }

    @Test
    void anOverflowingContentLengthIsGarbageNotAnEmptyBody() {
        List<String> seen = responses("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nabc");
        assertFalse(seen.stream().anyMatch(e -> e.startsWith("end")), seen.toString());
        assertEquals(List.of("garbage"), seen);
    }

    @Test
    void atMessageStartOnlyBeforeTheFirstByteOfAStartLine() {
        Http1Scanner s = Http1Scanner.requests(new ScannerEvents(true, AS_FRAMED));
        assertTrue(s.atMessageStart());
        s.scan(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\n\r\nPO", StandardCharsets.ISO_8859_1));
        assertFalse(s.atMessageStart(), "half a start line");
        s.scan(Unpooled.copiedBuffer("ST /b HTTP/1.1\r\nX-Pad: ", StandardCharsets.ISO_8859_1));
        assertFalse(s.atMessageStart(), "half a head");
        s.scan(Unpooled.copiedBuffer("1\r\n\r\n", StandardCharsets.ISO_8859_1));
        assertTrue(s.atMessageStart());
    }
}

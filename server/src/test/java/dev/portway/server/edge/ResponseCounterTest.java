// The origin's answers on one connection, counted by status class through HTTP/1.1 framing, however the bytes
// are split into frames.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCounterTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** Feeds the answer in pieces of every size from 1 byte to all of it; returns the counts by class. */
    private Map<String, Integer> count(String answer, HttpMethod... asked) {
        Map<String, Integer> first = null;
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        for (int piece = 1; piece <= bytes.length; piece++) {
            Map<String, Integer> before = counts();
            ResponseCounter c = new ResponseCounter(metrics, "http");
            for (HttpMethod method : asked) {
                c.asked(method);
            }
            for (int at = 0; at < bytes.length; at += piece) {
                ByteBuf buf = Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at));
                int start = buf.readerIndex();
                c.scan(buf);
                assertEquals(start, buf.readerIndex(), "the bytes are left to the relay");
            }
            Map<String, Integer> counts = new TreeMap<>();
            counts().forEach((k, n) -> {
                if (n - before.get(k) > 0) {
                    counts.put(k, n - before.get(k));
                }
            });
            if (first == null) {
                first = counts;
            }
            assertEquals(first, counts, "pieces of " + piece);
        }
        return first;
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        for (String c : new String[]{"1xx", "2xx", "3xx", "4xx", "5xx", "other"}) {
            out.put(c, (int) metrics.registry().get("portway.visitor.requests")
                    .tags("edge", "http", "answered_by", "origin", "status", c).counter().count());
        }
        return out;
    }

    @Test
    void keepAliveAnswersWithLengthAndChunks() {
        String answers = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nHTTP/1.1 404"
                + "HTTP/1.1 201 Created\r\ntransfer-encoding: gzip, CHUNKED\r\n\r\n"
                + "5;ext=1\r\nHTTP/\r\n0\r\nX-Trailer: HTTP/1.1 500\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
        assertEquals(Map.of("2xx", 2, "4xx", 1),
                count(answers, HttpMethod.GET, HttpMethod.POST, HttpMethod.GET));
    }

    @Test
    void headAnd304AndNoContentHaveNoBody() {
        String answers = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 503 Unavailable\r\nContent-Length: 2\r\n\r\nno";
        assertEquals(Map.of("2xx", 2, "3xx", 1, "5xx", 1),
                count(answers, HttpMethod.HEAD, HttpMethod.GET, HttpMethod.DELETE, HttpMethod.GET));
    }

    @Test
    void continueIsNotTheAnswer() {
        String answers = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
        assertEquals(Map.of("2xx", 1), count(answers, HttpMethod.PUT));
    }

    @Test
    void anUpgradeOrABodyUntilCloseEndsTheCounting() {
        assertEquals(Map.of("1xx", 1), count("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
                + "HTTP/1.1 500 raw bytes now\r\n\r\n", HttpMethod.GET));
        assertEquals(Map.of("2xx", 1), count("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until close "
                + "HTTP/1.1 500 x\r\n\r\n", HttpMethod.GET, HttpMethod.GET));
    }

    @Test
    void whatIsNotHttpIsNotCounted() {
        assertEquals(Map.of(), count("SSH-2.0-OpenSSH\r\nHTTP/1.1 200 OK\r\n\r\n", HttpMethod.GET));
    }

    private static void scan(ResponseCounter c, String bytes) {
        c.scan(Unpooled.wrappedBuffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** What a refusal of a later pipelined request waits for: the last byte of every answer owed. */
    @Test
    void everyRequestIsAnsweredOnlyWhenItsAnswerEnded() {
        ResponseCounter c = new ResponseCounter(metrics, "http");
        assertTrue(c.allAnswered(), "nothing asked, nothing owed");
        c.asked(HttpMethod.POST);
        c.asked(HttpMethod.HEAD);
        scan(c, "HTTP/1.1 100 Continue\r\n\r\n");
        assertFalse(c.allAnswered(), "an interim answer answers nothing");
        scan(c, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab");
        assertFalse(c.allAnswered(), "the body is not through");
        scan(c, "cd");
        assertFalse(c.allAnswered(), "the HEAD is still owed");
        scan(c, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n");
        assertTrue(c.allAnswered(), "a HEAD's answer has no body, whatever its length says");

        ResponseCounter untilClose = new ResponseCounter(metrics, "http");
        untilClose.asked(HttpMethod.GET);
        scan(untilClose, "HTTP/1.1 200 OK\r\n\r\nbody until the origin closes");
        assertFalse(untilClose.allAnswered(), "a body until close never ends while the connection lasts");
    }
}

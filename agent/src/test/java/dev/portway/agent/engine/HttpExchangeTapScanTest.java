// With capture off the tap follows exchanges with Http1Scanner instead of Netty's decoders: it must report what the
// decoders report (method, target, version, status, reason, sizes, states, failures, upgraded bytes), however the
// bytes are split. The capturing tap, fed each message whole, is the reference.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpExchangeTapScanTest {

    /** One step of a connection's life: bytes to the local service (">"), from it ("<"), or its close. */
    private record Step(char way, String text) {
    }

    private static Step out(String text) {
        return new Step('>', text);
    }

    private static Step in(String text) {
        return new Step('<', text);
    }

    private static final Step CLOSE = new Step('x', "");

    /** What the tap reported, without the timings, one line per snapshot and per ended exchange. */
    private static List<String> run(boolean capture, int piece, Step... steps) {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel local = new EmbeddedChannel(new HttpExchangeTap(e -> seen.add("snapshot " + summary(e)),
                e -> seen.add("ended " + summary(e) + " | " + RequestLog.of(e).line()
                        .replace(" " + e.durationMillis() + " ms ", " ")), capture ? Body.LIMIT : 0));
        for (Step step : steps) {
            byte[] bytes = step.text().getBytes(StandardCharsets.ISO_8859_1);
            int size = piece == 0 ? Math.max(1, bytes.length) : piece;
            for (int at = 0; at < bytes.length; at += size) {
                ByteBuf buf = Unpooled.wrappedBuffer(bytes, at, Math.min(size, bytes.length - at));
                if (step.way() == '>') {
                    local.writeOutbound(buf);
                    passedUntouched(buf, local.readOutbound());
                } else {
                    local.writeInbound(buf);
                    passedUntouched(buf, local.readInbound());
                }
            }
            if (step.way() == 'x') {
                local.close();
            }
        }
        return seen;
    }

    private static void passedUntouched(ByteBuf sent, ByteBuf passed) {
        assertEquals(sent, passed);
        passed.release();
    }

    private static String summary(Exchange e) {
        return String.join(" ", e.state().name(), e.method(), e.target(), e.httpVersion(), String.valueOf(e.status()),
                String.valueOf(e.reason()), "req=" + e.requestBody().size(), "res=" + e.responseBody().size(),
                "up=" + e.upgradedBytesIn() + "/" + e.upgradedBytesOut(), String.valueOf(e.failure()));
    }

    /** The scanning tap agrees with the decoding one for pieces of every size, 1 byte up. */
    private static List<String> agree(Step... steps) {
        List<String> reference = run(true, 0, steps);
        int longest = 1;
        for (Step s : steps) {
            longest = Math.max(longest, s.text().length());
        }
        for (int piece = 1; piece <= longest; piece++) {
            assertEquals(reference, run(false, piece, steps), "pieces of " + piece);
        }
        assertFalse(reference.isEmpty());
        return reference;
    }

    @Test
    void pipelinedKeptAliveExchangesWithLengthsAndChunks() {
        List<String> seen = agree(
                out("GET /a?q=1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                        + "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nwxyz\r\n0\r\n\r\n"),
                in("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                        + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\nA\r\n0123456789\r\n"
                        + "0\r\nX-Trailer: HTTP/1.1 500\r\n\r\nHTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
        assertEquals(List.of("GET /a?q=1 200 5 B", "POST /b 201 13 B", "PUT /c 404 0 B"),
                seen.stream().filter(l -> l.startsWith("ended")).map(l -> l.substring(l.indexOf(" | ") + 3))
                        .toList());
    }

    @Test
    void headNoContentNotModifiedAndContinue() {
        agree(out("HEAD /h HTTP/1.1\r\n\r\nGET /n HTTP/1.1\r\n\r\nGET /m HTTP/1.1\r\n\r\n"),
                in("HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                        + "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"),
                out("PUT /p HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"),
                in("HTTP/1.1 100 Continue\r\n\r\n"),
                out("hi"),
                in("HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nmade"));
    }

    @Test
    void anUpgradeEndsTheExchangeAndCountsTheRawBytes() {
        agree(out("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"),
                in("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"),
                in("\u0081\u0002hi"), out("\u0081\u0083abcdefg"), CLOSE);
    }

    @Test
    void aBodyUntilCloseACutOffResponseAndNoResponse() {
        agree(out("GET /old HTTP/1.0\r\n\r\n"), in("HTTP/1.0 200 OK\r\n\r\nuntil close"), CLOSE);
        agree(out("GET /cut HTTP/1.1\r\n\r\n"), in("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"),
                CLOSE);
        agree(out("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"), CLOSE);
    }

    @Test
    void whatIsNotHttpFailsWhatIsPendingAndStopsTheTap() {
        agree(out("GET /a HTTP/1.1\r\n\r\n"), in("SSH-2.0-OpenSSH_9.6\r\n"), in("HTTP/1.1 200 OK\r\n\r\n"), CLOSE);
    }
}

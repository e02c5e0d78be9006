// When a connection to the origin could serve another visitor: every request answered whole, no upgrade, no close;
// and the answer to the visitor's last request tells the visitor the connection closes.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginWatchTest {
    private final OriginWatch watch = new OriginWatch();
    private final EmbeddedChannel ch = new EmbeddedChannel(watch);
    private final List<String> heard = new ArrayList<>();

    private void request(String text) {
        ch.writeOutbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ch.releaseOutbound();
    }

    private void response(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ch.releaseInbound();
        ch.runPendingTasks();
    }

    @Test
    void reusableOnceEveryRequestHasItsWholeAnswer() {
        assertTrue(watch.reusable());
        request("POST /a HTTP/1.1\r\nContent-Length: 4\r\n\r\nab");
        assertFalse(watch.reusable(), "the body is still on its way");
        request("cd");
        watch.whenIdle(() -> heard.add("idle"), () -> heard.add("otherwise"));
        response("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxy");
        assertFalse(watch.reusable());
        assertEquals(List.of(), heard);
        response("z");
        assertTrue(watch.reusable());
        assertEquals(List.of("idle"), heard);
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsLengthSays() {
        request("HEAD /a HTTP/1.1\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        assertTrue(watch.reusable());
    }

    @Test
    void anUpgradedConnectionIsNeverReused() {
        request("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        watch.whenIdle(() -> heard.add("idle"), () -> heard.add("otherwise"));
        response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi");
        assertFalse(watch.reusable());
        assertEquals(List.of("otherwise"), heard);
    }

    @Test
    void theOriginsCloseOrAnAnswerUntilTheCloseIsNeverReused() {
        request("GET /a HTTP/1.1\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertFalse(watch.reusable());

        OriginWatch other = new OriginWatch();
        EmbeddedChannel second = new EmbeddedChannel(other);
        second.writeOutbound(Unpooled.copiedBuffer("GET /b HTTP/1.1\r\n\r\n", StandardCharsets.ISO_8859_1));
        second.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\nbody until the close",
                StandardCharsets.ISO_8859_1));
        assertFalse(other.reusable());
        second.finishAndReleaseAll();
    }

    @Test
    void anHttp10RequestIsNeverFollowedByAnother() {
        request("GET /a HTTP/1.0\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFalse(watch.reusable());
    }

    @Test
    void theVisitorsLastRequestIsHeardWhenItsAnswerEnds() {
        watch.onLastAnswered(() -> heard.add("last"));
        request("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(List.of("last"), heard);
        assertTrue(watch.reusable(), "the visitor's close is its own: the origin did not say close");
    }

    private String passed(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        StringBuilder s = new StringBuilder();
        io.netty.buffer.ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            s.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        ch.runPendingTasks();
        return s.toString();
    }

    @Test
    void theAnswerToTheVisitorsLastRequestSaysTheConnectionCloses() {
        request("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
        String first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        assertEquals(first + "HTTP/1.1 100 Continue\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                passed(first + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                "only the final answer to the last request");
        assertTrue(watch.reusable(), "the origin's answer is what counts: it did not close");
        request("GET /c HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 204 No Content\nConnection: close\r\n\n", passed("HTTP/1.1 204 No Content\n\n"));
    }

    @Test
    void anOriginThatClosesItselfIsNotToldTwice() {
        request("GET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
        String own = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        assertEquals(own, passed(own));
        assertFalse(watch.reusable());
    }

    @Test
    void halfARequestHeadSentIsNotReusable() {
        request("GET /a HTTP/1.1\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertTrue(watch.reusable());
        request("POST /transfer?to=mallory HTTP/1.1\r\nHost: app\r\nX-Pad: ");
        assertFalse(watch.reusable(), "the next visitor's head would be joined onto this one");
        request("P");
        assertFalse(watch.reusable());
    }

    @Test
    void anAnswerNobodyAskedForSpendsTheConnection() {
        request("GET /a HTTP/1.1\r\n\r\n");
        response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertTrue(watch.reusable());
        response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertFalse(watch.reusable(), "a second answer to one request");
    }
}

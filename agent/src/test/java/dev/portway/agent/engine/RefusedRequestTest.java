// A request whose local service refused: listed as a failed 502 either way, its head kept only while capture is on.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusedRequestTest {
    static final String HEAD = "POST /orders?x=1 HTTP/1.1\r\nHost: shop.example\r\nAuthorization: Bearer secret\r\n"
            + "Content-Length: 2\r\n\r\n{}";

    static Exchange refused(boolean capture) {
        List<Exchange> seen = new ArrayList<>();
        RefusedRequest r = new RefusedRequest("could not reach localhost:8000 (connection refused)", capture,
                seen::add);
        // In two pieces, as frames can split it; the caller keeps its bytes (they are only read).
        ByteBuf first = Unpooled.copiedBuffer(HEAD.substring(0, 20), StandardCharsets.US_ASCII);
        ByteBuf rest = Unpooled.copiedBuffer(HEAD.substring(20), StandardCharsets.US_ASCII);
        r.feed(first);
        r.feed(rest);
        assertEquals(1, first.refCnt());
        assertEquals(1, rest.refCnt());
        first.release();
        rest.release();
        assertEquals(1, seen.size());
        return seen.get(0);
    }

    @Test
    void withCaptureOffOnlyMethodPathAndStatusAreKept() {
        Exchange e = refused(false);
        assertEquals(Exchange.State.FAILED, e.state());
        assertEquals("POST", e.method());
        assertEquals("/orders?x=1", e.target());
        assertEquals(502, e.status());
        assertTrue(e.failure().contains("connection refused"), e.failure());
        assertEquals(List.of(), e.requestHeaders());
    }

    @Test
    void withCaptureOnItsHeadIsKept() {
        Exchange e = refused(true);
        assertEquals(502, e.status());
        assertTrue(e.requestHeaders().contains(new Exchange.Header("Authorization", "Bearer secret")),
                e.requestHeaders().toString());
    }
}

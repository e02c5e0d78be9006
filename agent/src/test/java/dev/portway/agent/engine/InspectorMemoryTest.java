// The inspector's memory stays bounded however many exchanges pass: each body is cut at the tap's capture limit, and
// the log holds at most its count. Asserted on what the log holds, not on the heap, which would be flaky.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.inspect.ExchangeLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorMemoryTest {
    private static final int EXCHANGES = 100_000;
    private static final int LIMIT = 1024;
    private static final int BODY = 3 * LIMIT + 7;

    @Test
    void aHundredThousandExchangesKeepTheLogWithinItsCountAndItsBodiesWithinTheirLimit() {
        ExchangeLog log = new ExchangeLog(ExchangeLog.KEEP);
        ByteBuf body = Unpooled.wrappedBuffer(new byte[BODY]);
        for (int i = 0; i < EXCHANGES; i++) {
            ExchangeBuilder b = new ExchangeBuilder(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    "/upload/" + i), LIMIT);
            b.requestContent(body);
            b.response(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
            b.responseContent(body);
            log.put(b.build(Exchange.State.PENDING, null));
            log.put(b.build(Exchange.State.DONE, null));
        }
        List<Exchange> held = log.all();
        assertEquals(ExchangeLog.KEEP, held.size());
        assertEquals("/upload/" + (EXCHANGES - ExchangeLog.KEEP), held.get(0).target(), "the newest are kept");
        long captured = 0;
        for (Exchange e : held) {
            for (Body b : List.of(e.requestBody(), e.responseBody())) {
                assertEquals(BODY, b.size(), "the whole size is still counted");
                assertEquals(LIMIT, b.cutAt(), "cut at the limit, and it says so");
                captured += b.captured().length;
            }
        }
        assertTrue(captured <= 2L * ExchangeLog.KEEP * LIMIT, captured + " bytes held");
    }

    @Test
    void aBodyWithinTheLimitIsKeptWholeAndCaptureOffKeepsNothing() {
        ByteBuf small = Unpooled.wrappedBuffer(new byte[LIMIT]);
        ExchangeBuilder kept = new ExchangeBuilder(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/"),
                LIMIT);
        kept.requestContent(small);
        assertEquals(-1, kept.build(Exchange.State.PENDING, null).requestBody().cutAt());
        ExchangeBuilder off = new ExchangeBuilder(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/"),
                0);
        off.requestContent(small);
        Body counted = off.build(Exchange.State.PENDING, null).requestBody();
        assertEquals(0, counted.captured().length);
        assertEquals(LIMIT, counted.size());
    }
}

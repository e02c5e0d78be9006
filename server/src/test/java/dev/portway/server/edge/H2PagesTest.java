// The edge's own pages on an HTTP/2 stream: status and headers as HEADERS (lower-case, without the connection's own
// headers), the body as one DATA frame that ends the stream.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class H2PagesTest {
    @Test
    void anErrorPageBecomesHeadersAndOneDataFrame() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ByteBuf page = ErrorPages.unauthorized(ByteBufAllocator.DEFAULT, "a.example");
        H2Pages.write(ch, page);
        Http2HeadersFrame headers = ch.readOutbound();
        assertFalse(headers.isEndStream());
        assertEquals("401", headers.headers().status().toString());
        assertTrue(headers.headers().get("www-authenticate").toString().startsWith("Basic realm=\"a.example\""));
        assertEquals("text/html; charset=utf-8", headers.headers().get("content-type").toString());
        assertNull(headers.headers().get("connection"));
        Http2DataFrame body = ch.readOutbound();
        assertTrue(body.isEndStream());
        String html = body.content().toString(StandardCharsets.UTF_8);
        assertEquals(Integer.parseInt(headers.headers().get("content-length").toString()), body.content()
                .readableBytes());
        assertTrue(html.contains("Sign-in required"), html);
        body.release();
        assertEquals(0, page.refCnt());
        assertNull(ch.readOutbound());
    }
}

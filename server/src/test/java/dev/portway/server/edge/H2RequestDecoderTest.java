// An HTTP/2 stream's frames become the HTTP/1.1 request parts the gate and relay read: Host from :authority, no
// conversion headers for the origin, a body without Content-Length chunked, DATA as body parts, trailers last.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class H2RequestDecoderTest {
    private static final Http2FrameStream STREAM = new Http2FrameStream() {
        @Override
        public int id() {
            return 3;
        }

        @Override
        public Http2Stream.State state() {
            return Http2Stream.State.OPEN;
        }
    };

    private static Http2Headers get(String method) {
        return new DefaultHttp2Headers().method(method).path("/p?q=1").scheme("https").authority("a.example:8443")
                .add("cookie", "x=1").add("cookie", "y=2").add("te", "trailers");
    }

    @Test
    void aGetWithoutBodyIsAHeadAndItsEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2RequestDecoder());
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("GET"), true).stream(STREAM));
        HttpRequest req = ch.readInbound();
        assertEquals("GET", req.method().name());
        assertEquals("/p?q=1", req.uri());
        assertEquals("a.example:8443", req.headers().get("Host"));
        assertEquals("x=1; y=2", req.headers().get("Cookie"));
        assertFalse(req.headers().names().stream().anyMatch(n -> n.startsWith("x-http2-")), req.headers().toString());
        assertNull(req.headers().get("te"));
        assertFalse(HttpUtil.isTransferEncodingChunked(req));
        assertInstanceOf(LastHttpContent.class, ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void aBodyWithoutLengthIsChunkedAndItsDataAndTrailersFollow() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2RequestDecoder());
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("POST"), false).stream(STREAM));
        ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII), false)
                .stream(STREAM));
        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-sum", "9"), true)
                .stream(STREAM));
        HttpRequest req = ch.readInbound();
        assertTrue(HttpUtil.isTransferEncodingChunked(req));
        HttpContent part = ch.readInbound();
        assertEquals("abc", part.content().toString(StandardCharsets.US_ASCII));
        part.release();
        LastHttpContent last = ch.readInbound();
        assertEquals("9", last.trailingHeaders().get("x-sum"));
        assertFalse(ch.finish());
    }

    @Test
    void aBodyWithALengthKeepsIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2RequestDecoder());
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("PUT").add("content-length", "3"), false).stream(STREAM));
        HttpRequest req = ch.readInbound();
        assertFalse(HttpUtil.isTransferEncodingChunked(req));
        assertEquals(3, HttpUtil.getContentLength(req));
    }
}

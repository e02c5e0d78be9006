// The request as the origin gets it back from decoded parts: chunked bodies re-chunked, and their trailers scrubbed
// of what only the edge may say (an identity) and of the edge's cookies.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestWriterTest {
    @Test
    void chunkedTrailersLoseIdentityClaimsAndTheEdgesCookies() {
        RequestWriter writer = new RequestWriter();
        DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/t");
        req.headers().add("Transfer-Encoding", "chunked");
        writer.head(UnpooledByteBufAllocator.DEFAULT, req).release();
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));
        last.trailingHeaders().add("X-Portway-Email", "ceo@example.com");
        last.trailingHeaders().add("X_Portway_User", "ceo");
        last.trailingHeaders().add("Cookie", "a=1; " + VisitorSignIn.SESSION_COOKIE + "=stolen");
        last.trailingHeaders().add("X-Checksum", "abc");
        StringBuilder out = new StringBuilder();
        writer.content(UnpooledByteBufAllocator.DEFAULT, last, (ByteBuf b) -> {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        });
        assertEquals("1\r\na\r\n0\r\nX-Checksum: abc\r\ncookie: a=1\r\n\r\n", out.toString());
    }
}

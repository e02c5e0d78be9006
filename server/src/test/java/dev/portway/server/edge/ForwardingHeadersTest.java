// The forwarding headers alone: where the request came from, who signed in (set by the edge only, after the
// visitor's own claims in any spelling and the edge's cookies are gone), and nothing else touched.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.portway.server.store.SocketRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final EdgeSocket SOCKET = EdgeSocket.of(SocketRecord.open("s", "u", "n", "app.localhost", "http",
            null, "now"));

    private static HttpHeaders forwarded(VisitorSignIn.Visitor visitor, String... headers) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().add("Host", "app.localhost:8080");
        for (int i = 0; i < headers.length; i += 2) {
            req.headers().add(headers[i], headers[i + 1]);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardingHeaders("https", "192.0.2.7"));
        ch.writeInbound(new AdmittedRequest(req, SOCKET, visitor));
        AdmittedRequest out = ch.readInbound();
        assertSame(req, out.head());
        ch.finishAndReleaseAll();
        return req.headers();
    }

    @Test
    void whereTheRequestCameFrom() {
        HttpHeaders h = forwarded(null);
        assertEquals("192.0.2.7", h.get("X-Forwarded-For"));
        assertEquals("https", h.get("X-Forwarded-Proto"));
        assertEquals("app.localhost:8080", h.get("X-Forwarded-Host"));
        assertEquals("10.0.0.1, 192.0.2.7", forwarded(null, "X-Forwarded-For", "10.0.0.1").get("X-Forwarded-For"),
                "a proxy before the edge is kept, the edge's hop added");
        assertEquals("192.0.2.7", forwarded(null, "X-Forwarded-For", "").get("X-Forwarded-For"));
        assertEquals("https", forwarded(null, "X-Forwarded-Proto", "gopher").get("X-Forwarded-Proto"));
    }

    @Test
    void whoSignedInIsSaidByTheEdgeOnlyAndItsCookiesStayWithIt() {
        HttpHeaders h = forwarded(new VisitorSignIn.Visitor("ann@example.com", "sub-ann", "s1"),
                "x_portway_email", "ceo@example.com", "X-PORTWAY-USER", "ceo",
                "Cookie", "a=1; " + VisitorSignIn.SESSION_COOKIE + "=secret; " + SignInCookie.NAME + "=k");
        assertEquals(List.of("ann@example.com"), h.getAll("X-Portway-Email"));
        assertEquals(List.of("sub-ann"), h.getAll("X-Portway-User"));
        assertEquals(List.of("X-Portway-Email", "X-Portway-User"), h.names().stream()
                .filter(n -> n.toLowerCase().replace('_', '-').startsWith("x-portway")).toList());
        assertEquals(List.of("a=1"), h.getAll("Cookie"));

        HttpHeaders anonymous = forwarded(null, "X-Portway-Email", "ceo@example.com");
        assertEquals(null, anonymous.get("X-Portway-Email"), "an anonymous visitor's claim is dropped, not replaced");
    }

    @Test
    void whatIsNotARequestHeadPassesUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardingHeaders("http", "192.0.2.7"));
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ch.writeInbound(raw);
        assertSame(raw, ch.readInbound());
        raw.release();
        ch.finishAndReleaseAll();
    }
}

// Stream metadata and replies survive the trip through HTTP/2 headers.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Headers;

import org.junit.jupiter.api.Test;

class StreamHeadersTest {
    @Test
    void metaRoundTrips() {
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, "sock-1", "203.0.113.9:5050", "https");
        assertEquals(meta, StreamMeta.fromHeaders(meta.toHeaders()));
        assertTrue(meta.isHttp());
    }

    @Test
    void aTlsVisitorsSniNameRoundTripsAndOnlyThen() {
        StreamMeta tls = new StreamMeta("tls", "sock-1", "203.0.113.9:5050", "tls", "app.portway.example");
        Http2Headers headers = tls.toHeaders();
        assertEquals("app.portway.example", headers.get("portway-sni").toString());
        assertEquals(tls, StreamMeta.fromHeaders(headers));
        StreamMeta tcp = new StreamMeta(StreamMeta.KIND_TCP, "sock-1", "203.0.113.9:5050", "tcp");
        assertNull(tcp.toHeaders().get("portway-sni"), "no header for a stream without a name");
        assertNull(StreamMeta.fromHeaders(tcp.toHeaders()).sni(), "an edge that sends none: none");
    }

    @Test
    void anSniNameThatIsNoHostNameIsRefusedWhenMadeAndLeftOutWhenReceived() {
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61); // 253 characters
        String tooLong = longest + "a";
        for (String bad : new String[] {"", "bad name", "<img src=x>.example", "a..b", "-lead.example",
            "trail-.example", "a".repeat(64) + ".example", tooLong, "ex\u00e4mple.com", "1.2.3.4:443"}) {
            assertFalse(StreamMeta.isHostname(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> new StreamMeta("tls", "s", "v", "tls", bad), bad);
            Http2Headers h = new StreamMeta("tls", "s", "v", "tls").toHeaders().set("portway-sni", bad);
            assertNull(StreamMeta.fromHeaders(h).sni(), bad);
            assertEquals("s", StreamMeta.fromHeaders(h).socketId(), "the stream itself is still taken");
        }
        for (String good : new String[] {"a", "app.portway.example", "xn--mller-kva.example", "_acme.x-y.example",
            "A.Example", "a".repeat(63) + ".example", longest}) {
            assertTrue(StreamMeta.isHostname(good), good);
        }
    }

    @Test
    void replyRoundTrips() {
        assertTrue(StreamReply.fromHeaders(StreamReply.connectedReply().toHeaders()).connected());
        StreamReply failed = StreamReply.fromHeaders(StreamReply.failed("could not reach localhost:1").toHeaders());
        assertFalse(failed.connected());
        assertEquals("could not reach localhost:1", failed.error());
    }
}

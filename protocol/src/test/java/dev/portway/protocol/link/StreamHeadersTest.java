// Stream metadata and replies survive the trip through HTTP/2 headers.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamHeadersTest {
    @Test
    void metaRoundTrips() {
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, "sock-1", "203.0.113.9:5050", "https");
        assertEquals(meta, StreamMeta.fromHeaders(meta.toHeaders()));
        assertTrue(meta.isHttp());
    }

    @Test
    void replyRoundTrips() {
        assertTrue(StreamReply.fromHeaders(StreamReply.connectedReply().toHeaders()).connected());
        StreamReply failed = StreamReply.fromHeaders(StreamReply.failed("could not reach localhost:1").toHeaders());
        assertFalse(failed.connected());
        assertEquals("could not reach localhost:1", failed.error());
    }
}

// The last handler of a link between nodes: it takes the frames no stream claims and ends a broken link, leaving an
// HTTP/2 error to the codec (which closes after its GOAWAY).
package dev.portway.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class NodeLinkEndTest {
    @Test
    void framesNoStreamClaimsAreReleased() {
        EmbeddedChannel link = new EmbeddedChannel(NodeLinkEnd.INSTANCE);
        ByteBuf frame = Unpooled.buffer(8).writeLong(1);
        link.writeInbound(frame);
        assertEquals(0, frame.refCnt());
        assertTrue(link.isOpen());
        link.finishAndReleaseAll();
    }

    @Test
    void aBrokenLinkIsClosedHere() {
        EmbeddedChannel link = new EmbeddedChannel(NodeLinkEnd.INSTANCE);
        link.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertFalse(link.isOpen());
        link.checkException();
    }

    @Test
    void anHttp2ErrorIsLeftToTheCodec() {
        EmbeddedChannel link = new EmbeddedChannel(NodeLinkEnd.INSTANCE);
        link.pipeline().fireExceptionCaught(Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "flood"));
        assertTrue(link.isOpen(), "the codec closes it once its GOAWAY is out");
        link.checkException();
        link.finishAndReleaseAll();
    }
}

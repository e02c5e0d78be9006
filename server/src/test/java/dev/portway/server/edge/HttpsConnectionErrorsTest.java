// An HTTPS visitor connection that fails as a whole (a handshake a visitor broke off, a reset HTTP/2 connection) is
// closed by its own last handler: nothing reaches the pipeline's tail, where Netty logs a warning (with a stack trace)
// for every browser that does not trust the certificate or went away abruptly.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpsConnectionErrorsTest {
    final EdgeRig rig = new EdgeRig().open("a.localhost");

    @AfterEach
    void close() {
        rig.close();
    }

    /** The pipeline H2Connection installs after TLS, on a channel with a visitor's address as the edge's have. */
    private EmbeddedChannel h2Connection() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 50_000);
            }
        };
        ch.pipeline().addLast("tls", new ChannelInboundHandlerAdapter());
        H2Connection.install(ch.pipeline(), "tls", rig.edge, "a.localhost");
        return ch;
    }

    @Test
    void aHandshakeTheVisitorBrokeOffClosesTheConnectionAndReachesNoTail() {
        List<String> chosen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new AlpnSplit(p -> chosen.add("h2"), p -> chosen.add("http/1.1")));
        // As SslHandler passes on a visitor's alert (curl without -k, a browser on a self-signed certificate).
        ch.pipeline().fireExceptionCaught(new DecoderException(new SSLHandshakeException(
                "Received fatal alert: unknown_ca")));
        ch.checkException(); // what reached the tail would be thrown here
        assertFalse(ch.isOpen(), "the connection is closed");
        assertEquals(List.of(), chosen, "no front door for a failed handshake");
        ch.finishAndReleaseAll();
    }

    @Test
    void aVisitorsResetClosesTheConnectionAndReachesNoTail() throws Exception {
        EmbeddedChannel ch = h2Connection();
        ch.pipeline().fireExceptionCaught(new IOException("recvAddress(..) failed: Connection reset by peer"));
        ch.checkException(); // what reached the tail would be thrown here
        assertFalse(ch.isOpen(), "the connection is closed");
        ch.finishAndReleaseAll();
    }

    @Test
    void aProtocolErrorIsAnsweredWithItsOwnGoawayCode() throws Exception {
        EmbeddedChannel ch = h2Connection();
        ch.pipeline().fireExceptionCaught(Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "resets"));
        ch.checkException();
        assertEquals(List.of(Http2Error.ENHANCE_YOUR_CALM.code()), goawayCodes(ch), "no GOAWAY NO_ERROR before it");
        assertFalse(ch.isOpen(), "the codec closed it");
        ch.finishAndReleaseAll();
    }

    /** The error codes of the GOAWAY frames the connection wrote, in order. */
    private static List<Long> goawayCodes(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        List<Long> codes = new ArrayList<>();
        while (all.readableBytes() >= 9) {
            int length = all.readUnsignedMedium();
            byte type = all.readByte();
            all.skipBytes(5); // flags, stream id
            ByteBuf payload = all.readSlice(length);
            if (type == 0x7) { // GOAWAY: last stream id, error code
                codes.add(payload.getUnsignedInt(4));
            }
        }
        all.release();
        return codes;
    }
}

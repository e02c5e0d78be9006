// The agent's words for a failed or closed link: each kind of failure named, a handshake cut short told apart from
// a hello never answered, and only a refused certificate counted as one.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.LinkPipeline;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class LinkFailuresTest {
    @Test
    void namesEachKindOfFailure() {
        assertEquals("timed out", LinkFailures.describe(new ConnectTimeoutException("connection timed out")));
        assertEquals("the server did not finish the TLS handshake in time",
                LinkFailures.describe(new SslHandshakeTimeoutException("handshake timed out after 10000ms")));
        assertEquals("connection refused", LinkFailures.describe(new ConnectException("Connection refused")));
        assertEquals("connection refused",
                LinkFailures.describe(new IOException("wrapped", new ConnectException("Connection refused"))));
        assertEquals("the server's certificate does not match the pinned fingerprint",
                LinkFailures.describe(refusedCertificate()));
        assertEquals("the server did not answer the hello",
                LinkFailures.describe(new IOException("the server did not answer the hello")));
        assertEquals("root cause", LinkFailures.describe(new IOException("outer", new IOException("root cause"))));
        assertEquals("ClosedChannelException", LinkFailures.describe(new ClosedChannelException()));
    }

    @Test
    void onlyARefusedCertificateCountsAsOne() {
        assertTrue(LinkFailures.certificateRefused(refusedCertificate()));
        assertFalse(LinkFailures.certificateRefused(new SslHandshakeTimeoutException("timed out")));
        assertFalse(LinkFailures.certificateRefused(new SSLHandshakeException("closed during the handshake")));
        assertTrue(LinkFailures.hasCause(new IOException(new ClosedChannelException()), ClosedChannelException.class));
    }

    @Test
    void aCloseIsToldByWhereTheLinkHadGot() throws Exception {
        EmbeddedChannel inHandshake = new EmbeddedChannel(SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build().newHandler(ByteBufAllocator.DEFAULT));
        assertEquals(LinkFailures.CLOSED_IN_HANDSHAKE, LinkFailures.whyClosed(inHandshake));
        inHandshake.finishAndReleaseAll();

        EmbeddedChannel beforeHello = new EmbeddedChannel();
        beforeHello.pipeline().addLast(LinkPipeline.HELLO, new ChannelInboundHandlerAdapter());
        assertEquals("the server closed the link before answering the hello", LinkFailures.whyClosed(beforeHello));

        assertEquals("link closed", LinkFailures.whyClosed(new EmbeddedChannel()));
    }

    @Test
    void retryingSaysTenthsUnderTenSecondsAndWholeSecondsAbove() {
        assertEquals("retrying in 0.5 s (connection refused)",
                LinkFailures.retrying(Duration.ofMillis(512), "connection refused"));
        assertEquals("retrying in 9.9 s (x)", LinkFailures.retrying(Duration.ofMillis(9_949), "x"));
        assertEquals("retrying in 27 s (x)", LinkFailures.retrying(Duration.ofMillis(27_800), "x"));
    }

    private static Throwable refusedCertificate() {
        SSLHandshakeException refused = new SSLHandshakeException("handshake failed");
        refused.initCause(new CertificateException("fingerprint mismatch"));
        return refused;
    }
}

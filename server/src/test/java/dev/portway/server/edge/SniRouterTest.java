// The HTTPS port's refusals: each refused ClientHello closes the connection with exactly one log line.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portway.server.store.SocketRecord;
import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class SniRouterTest {

    @Test
    void aClientHelloWithoutSniIsClosedWithOneLogLine() throws Exception {
        assertEquals(List.of("no SNI name in the ClientHello"), refusals(clientHello(null)));
    }

    @Test
    void anUnknownNameIsClosedWithOneLogLine() throws Exception {
        assertEquals(List.of("unknown SNI name nobody.localhost"), refusals(clientHello("nobody.localhost")));
    }

    @Test
    void aTcpSocketsNameIsClosedWithOneLogLine() throws Exception {
        SocketCatalog catalog = new SocketCatalog();
        catalog.put(SocketRecord.open("s1", "u1", "ssh", "ssh-box.localhost", "tcp", 20001, "now"));
        assertEquals(List.of("ssh-box.localhost is a tcp socket"), refusals(catalog, clientHello("ssh-box.localhost")));
    }

    private static List<String> refusals(byte[] hello) {
        return refusals(new SocketCatalog(), hello);
    }

    /** Feeds the bytes to a router; the reasons it logged for closing the connection, one per line. */
    private static List<String> refusals(SocketCatalog catalog, byte[] hello) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            FailureLimiter names = new FailureLimiter(100, Duration.ofMinutes(1), Clock.systemUTC());
            EmbeddedChannel ch = new EmbeddedChannel(new SniRouter(catalog, null, names, ctx -> {
                throw new AssertionError("must not terminate TLS for a refused name");
            }));
            ch.writeInbound(Unpooled.wrappedBuffer(hello));
            ch.finishAndReleaseAll();
            assertFalse(ch.isOpen());
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("https port: closed"))
                .map(l -> l.substring(l.indexOf(": ", l.indexOf("closed")) + 2)).toList();
    }

    /** The first flight of a JDK TLS client, with the SNI name or without one. */
    private static byte[] clientHello(String sni) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        engine.setSSLParameters(params);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}

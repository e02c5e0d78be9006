// tls sockets end to end: TLS passed through untouched to a local TLS service, on the dedicated port and on the
// shared HTTPS port by SNI; what the HTTPS port does with no, unknown, non-tls or malformed names.
package dev.portway.agent.engine;

import static dev.portway.agent.engine.TlsClients.READ_TIMEOUT_MILLIS;
import static dev.portway.agent.engine.TlsClients.client;
import static dev.portway.agent.engine.TlsClients.exchange;
import static dev.portway.agent.engine.TlsClients.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.TlsClients.RecordingTrust;
import dev.portway.protocol.api.SocketInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSocketEndToEndTest {
    private static final long PROMPT_CLOSE_MILLIS = 5_000;

    @TempDir
    Path dir;
    Harness h;
    TlsOrigin origin;
    TunnelAgent agent;
    SocketInfo socket;

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new TlsOrigin();
        Harness.Tunnel t = h.create("tls");
        agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
        socket = t.socket();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        origin.close();
        h.close();
    }

    @Test
    void theDedicatedPortPassesTheOriginCertificateThrough() throws Exception {
        assertEquals(fingerprint(origin.certificate), exchange(socket.tcpPort(), null));
    }

    @Test
    void theHttpsPortPassesTheOriginCertificateThroughBySni() throws Exception {
        assertEquals(fingerprint(origin.certificate), exchange(h.server.config().httpsPort(), socket.dnsName()));
    }

    @Test
    void theHttpsPortClosesAClientHelloWithoutSni() throws Exception {
        assertHandshakeClosed(null);
    }

    @Test
    void theHttpsPortClosesAnUnknownSniName() throws Exception {
        assertHandshakeClosed("nobody-here." + h.server.config().domain());
    }

    @Test
    void aTlsSocketWithNoTunnelOnlineIsClosedOnBothPorts() throws Exception {
        SocketInfo idle = h.api.createSocket("idle", "tls");
        assertHandshakeClosed(idle.tcpPort(), null);
        assertHandshakeClosed(h.server.config().httpsPort(), idle.dnsName());
    }

    @Test
    void anHttpSocketsNameIsStillTerminatedWithThePortwayCertificate() throws Exception {
        SocketInfo web = h.api.createSocket("web", "http");
        RecordingTrust trust = new RecordingTrust();
        try (SSLSocket s = client(h.server.config().httpsPort(), web.dnsName(), trust)) {
            s.startHandshake();
        }
        X509Certificate portway;
        try (InputStream in = Files.newInputStream(dir.resolve("tls").resolve("cert.pem"))) {
            portway = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(fingerprint(portway), fingerprint(trust.seen));
        assertEquals(h.server.fingerprint(), fingerprint(trust.seen));
    }

    @Test
    void anOversizedClientHelloIsClosed() throws Exception {
        int length = 20_000;
        ByteBuffer hello = ByteBuffer.allocate(5 + length);
        // A handshake record announcing a ClientHello (type 1) longer than the edge reads, then junk.
        hello.put((byte) 0x16).put((byte) 0x03).put((byte) 0x01).putShort((short) length);
        hello.put((byte) 0x01).put((byte) 0).putShort((short) (length - 4));
        byte[] junk = new byte[length - 4];
        new Random(5).nextBytes(junk);
        hello.put(junk);
        assertRawClosed(hello.array());
    }

    @Test
    void aMalformedClientHelloIsClosed() throws Exception {
        int length = 64;
        ByteBuffer hello = ByteBuffer.allocate(5 + length);
        // A complete handshake record holding a ClientHello whose fields are junk.
        hello.put((byte) 0x16).put((byte) 0x03).put((byte) 0x01).putShort((short) length);
        hello.put((byte) 0x01).put((byte) 0).putShort((short) (length - 4));
        byte[] junk = new byte[length - 4];
        new Random(6).nextBytes(junk);
        hello.put(junk);
        assertRawClosed(hello.array());
    }

    @Test
    void plainHttpOnTheHttpsPortIsClosed() throws Exception {
        String request = "GET / HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\n\r\n";
        assertRawClosed(request.getBytes(StandardCharsets.US_ASCII));
    }

    private void assertHandshakeClosed(String sni) throws Exception {
        assertHandshakeClosed(h.server.config().httpsPort(), sni);
    }

    private static void assertHandshakeClosed(int port, String sni) throws Exception {
        RecordingTrust trust = new RecordingTrust();
        try (SSLSocket s = client(port, sni, trust)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, s::startHandshake);
            assertFalse(e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException,
                    "the edge kept the connection open: " + e);
            assertPrompt(start);
            assertNull(trust.seen, "no certificate may be shown");
        }
    }

    /** Sends the bytes as they are; the edge must close the connection soon, not wait for more. */
    private void assertRawClosed(byte[] bytes) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", h.server.config().httpsPort()), 5_000);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            long start = System.nanoTime();
            try {
                s.getOutputStream().write(bytes);
                assertEquals(-1, s.getInputStream().read());
            } catch (SocketException closedWhileWritingOrReset) {
                // The edge closed with our bytes unread: a reset is a close too (a timeout is not a SocketException).
            }
            assertPrompt(start);
        }
    }

    private static void assertPrompt(long startNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(millis < PROMPT_CLOSE_MILLIS, "closed only after " + millis + " ms");
    }
}

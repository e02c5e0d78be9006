// A certificate swapped while visitors are connected: a long download and a WebSocket through the HTTPS edge keep
// flowing on the handshake they made, the next handshake gets the new certificate, and the agent's link stays up,
// also when the operator replaces DATA/tls. Visitors verify against a test CA, host name included.
package dev.portway.agent.engine;

import static dev.portway.server.tls.Handshakes.fingerprint;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.tls.Handshakes;
import dev.portway.server.tls.TestCa;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSwapTest {
    private static final long SIZE = 256L * 1024 * 1024;

    @TempDir
    Path dir;
    private final TestCa ca = new TestCa("Swap Test CA");

    CertificateSwapTest() throws Exception {
    }

    /** A browser-like visitor that believes the test CA only and resolves every name to loopback. */
    private OkHttpClient visitor() throws Exception {
        return new OkHttpClient.Builder().dns(host -> List.of(InetAddress.getLoopbackAddress()))
                .sslSocketFactory(ca.sslContext().getSocketFactory(), ca.trustManager())
                .readTimeout(60, TimeUnit.SECONDS).build();
    }

    private static String https(Harness h, String name, String path) {
        return "https://" + name + ":" + h.server.config().httpsPort() + path;
    }

    @Test
    void aSwapKeepsADownloadAndAWebSocketFlowingAndTheNextHandshakeGetsTheNewCertificate() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), events)) {
                String name = t.socket().dnsName();
                TestCa.Issued first = ca.issue(name);
                TestCa.Issued second = ca.issue(name);
                h.server.certificates().put(name, first.chainPem(), first.keyPem());
                OkHttpClient visitor = visitor();

                LinkedBlockingQueue<X509Certificate> wsCert = new LinkedBlockingQueue<>();
                WebSocketInbox received = new WebSocketInbox() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        wsCert.add((X509Certificate) response.handshake().peerCertificates().get(0));
                    }
                };
                WebSocket ws = visitor.newWebSocket(new Request.Builder().url(https(h, name, "/ws")
                        .replace("https://", "wss://")).build(), received);
                try (Response download = visitor.newCall(new Request.Builder()
                        .url(https(h, name, "/bytes/" + SIZE)).build()).execute()) {
                    assertEquals(200, download.code());
                    assertEquals(fingerprint(first.leaf()), fingerprint(
                            (X509Certificate) download.handshake().peerCertificates().get(0)));
                    ws.send("before");
                    assertEquals("echo: before", received.next());
                    assertEquals(fingerprint(first.leaf()), fingerprint(wsCert.poll(10, TimeUnit.SECONDS)));
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    InputStream body = download.body().byteStream();
                    long read = read(body, sha, 4L * 1024 * 1024);

                    h.server.certificates().put(name, second.chainPem(), second.keyPem());
                    assertTrue(origin.produced.get() < SIZE, "the download is still in flight at the swap");
                    assertEquals(fingerprint(second.leaf()), fingerprint(Handshakes.served(
                            h.server.config().httpsPort(), name, ca.sslContext())));
                    try (Response fresh = visitor().newCall(new Request.Builder().url(https(h, name, "/hello"))
                            .build()).execute()) {
                        assertEquals("hello world", fresh.body().string());
                        assertEquals(fingerprint(second.leaf()), fingerprint(
                                (X509Certificate) fresh.handshake().peerCertificates().get(0)));
                    }
                    ws.send("after");
                    assertEquals("echo: after", received.next());

                    read += read(body, sha, Long.MAX_VALUE);
                    assertEquals(SIZE, read);
                    assertEquals(PatternStream.sha256(SIZE, 42), HexFormat.of().formatHex(sha.digest()));
                } finally {
                    ws.close(1000, "done");
                }
                assertEquals(List.of(AgentStatus.CONNECTING, AgentStatus.ONLINE), events.statuses,
                        "the agent's link never dropped");
            }
        }
    }

    @Test
    void dataTlsReplacedOnDiskServesTheNextHandshakeAndLinksStayUp() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            String tunnel = h.server.fingerprint();
            Harness.Tunnel t = h.create();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), events)) {
                String name = t.socket().dnsName();
                TestCa.Issued renewed = ca.issue("localhost", "*.localhost");
                Handshakes.install(dir.resolve("tls"), renewed);
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> fingerprint(Handshakes.served(
                        h.server.config().httpsPort(), name, ca.sslContext())).equals(fingerprint(renewed.leaf())));
                try (Response page = visitor().newCall(new Request.Builder().url(https(h, name, "/hello"))
                        .build()).execute()) {
                    assertEquals("hello world", page.body().string());
                }
                assertEquals(tunnel, h.server.fingerprint());
                assertEquals(List.of(AgentStatus.CONNECTING, AgentStatus.ONLINE), events.statuses,
                        "the agent's link never dropped");
            }
        }
    }

    private static long read(InputStream in, MessageDigest sha, long atMost) throws Exception {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < atMost) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, atMost - total));
            if (n < 0) {
                break;
            }
            sha.update(buf, 0, n);
            total += n;
        }
        return total;
    }
}

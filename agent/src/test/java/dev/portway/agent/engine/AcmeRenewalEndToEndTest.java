// A forced renewal (portway server certificates renew NAME) swaps the certificate a socket is served with, from a
// real CA (Pebble), while a download and a WebSocket through the HTTPS edge stay open and carry on undisturbed.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.portway.server.Main;
import dev.portway.server.acme.AcmeTestCa;
import dev.portway.server.acme.EdgeTls;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class AcmeRenewalEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aForcedRenewalSwapsTheCertificateWhileADownloadAndAWebSocketStayOpen() throws Exception {
        try (AcmeTestCa ca = AcmeTestCa.start(dir); Origin origin = new Origin()) {
            String root = ca.pebble().issuingRoot();
            Path data = dir.resolve("data");
            try (Harness h = new Harness(data, ca.config(data, "portway.test"))) {
                Harness.Tunnel t = h.create("https");
                String name = t.socket().dnsName();
                int https = h.server.config().httpsPort();
                h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> new EdgeTls(root).valid(https, name));
                BigInteger first = new EdgeTls(root).handshake(https, name).getSerialNumber();

                OkHttpClient visitor = client(root);
                long size = 32L * 1024 * 1024;
                WebSocketInbox echoes = new WebSocketInbox();
                WebSocket ws = visitor.newWebSocket(new Request.Builder().url("wss://" + name + ":" + https + "/ws")
                        .build(), echoes);
                ws.send("before");
                assertEquals("echo: before", echoes.next());
                try (Response download = visitor.newCall(new Request.Builder()
                        .url("https://" + name + ":" + https + "/bytes/" + size).build()).execute()) {
                    InputStream body = download.body().byteStream();
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[64 * 1024];
                    long read = readSome(body, sha, buf, 1024 * 1024);

                    assertEquals(0, Main.run("certificates", "renew", name, "--data", data.toString()));
                    await("the renewed certificate").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> !new EdgeTls(root).handshake(https, name).getSerialNumber().equals(first));
                    X509Certificate renewed = new EdgeTls(root).handshake(https, name);
                    assertNotEquals(first, renewed.getSerialNumber());
                    assertFalse(h.server.store().findCertificate(name).orElseThrow().renewRequested());

                    ws.send("after");
                    assertEquals("echo: after", echoes.next());
                    read += readSome(body, sha, buf, Long.MAX_VALUE);
                    assertEquals(size, read);
                    assertEquals(PatternStream.sha256(size, 42), HexFormat.of().formatHex(sha.digest()));
                } finally {
                    ws.close(1000, "done");
                    visitor.dispatcher().executorService().shutdown();
                    visitor.connectionPool().evictAll();
                }
            }
        }
    }

    /** Reads up to limit bytes into the digest; how many it read. */
    private static long readSome(InputStream in, MessageDigest sha, byte[] buf, long limit) throws Exception {
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
            sha.update(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** A visitor that resolves every name to loopback and trusts only Pebble's root. */
    private static OkHttpClient client(String root) throws Exception {
        EdgeTls tls = new EdgeTls(root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls.trustStore());
        return new OkHttpClient.Builder()
                .dns(host -> List.of(InetAddress.getLoopbackAddress()))
                .sslSocketFactory(tls.context().getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
                .readTimeout(60, TimeUnit.SECONDS)
                .build();
    }
}

// The HTTPS port terminates TLS with the server's certificate, and curl reaches a tunnel by its .localhost name.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsAndCurlTest {
    @TempDir
    Path dir;

    @Test
    void httpsVisitorsSeeTheServerCertificateAndTheOriginSeesHttps() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                X509TrustManager trust = trusting(dir.resolve("tls/cert.pem"));
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new javax.net.ssl.TrustManager[]{trust}, null);
                OkHttpClient client = h.visitor.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust).build();
                String url = "https://" + t.socket().dnsName() + ":" + h.server.config().httpsPort() + "/headers";
                try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
                    assertEquals(200, r.code());
                    JsonNode headers = Json.mapper().readTree(r.body().string());
                    assertEquals("https", headers.get("X-Forwarded-Proto").asText());
                }
            }
        }
    }

    @Test
    void curlReachesTheTunnelByName() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20",
                        "--resolve", t.socket().dnsName() + ":" + h.server.config().httpPort() + ":127.0.0.1",
                        h.url(t.socket(), "/hello?i=curl")).redirectErrorStream(true).start();
                String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, curl.exitValue(), out);
                assertEquals("hello curl", out);
            }
        }
    }

    @Test
    void anHttpsVisitorThatHalfClosesStillGetsTheAnswer() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                SSLContext ssl = SSLContext.getInstance("TLSv1.3");
                ssl.init(null, new javax.net.ssl.TrustManager[]{trusting(dir.resolve("tls/cert.pem"))}, null);
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ssl.getSocketFactory()
                        .createSocket("127.0.0.1", h.server.config().httpsPort())) {
                    javax.net.ssl.SSLParameters params = s.getSSLParameters();
                    params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(t.socket().dnsName())));
                    s.setSSLParameters(params);
                    s.setSoTimeout(20_000);
                    s.getOutputStream().write(("GET /hello?i=tls-half HTTP/1.1\r\nHost: " + t.socket().dnsName()
                            + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.shutdownOutput(); // TLS 1.3 close_notify: our half ends, the answer may still come
                    String answer = new String(s.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
                    assertTrue(answer.endsWith("hello tls-half"), answer);
                }
            }
        }
    }

    static X509TrustManager trusting(Path pem) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(pem)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("portway", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}

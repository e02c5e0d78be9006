// HTTP/2 for visitors on the HTTPS edge, with real parts: curl, OkHttp and h2load speak h2 to the server, whose
// agent relays each stream to a real origin as an HTTP/1.1 request.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http2EdgeTest {
    @TempDir
    Path dir;
    Harness h;
    Origin origin;
    TunnelAgent agent;
    Harness.Tunnel t;

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new Origin();
        t = h.create();
        agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
    }

    @AfterEach
    void stop() {
        agent.close();
        origin.close();
        h.close();
    }

    @Test
    void curlGetsTheOriginsAnswerOverHttp2() throws Exception {
        String out = curl("--http2", "-w", "\n%{http_version} %{response_code}", url("/hello?i=h2"));
        assertEquals("hello h2\n2 200", out);
    }

    @Test
    void curlWithoutHttp2StillGetsHttp11() throws Exception {
        String out = curl("--http1.1", "-w", "\n%{http_version} %{response_code}", url("/hello?i=h1"));
        assertEquals("hello h1\n1.1 200", out);
    }

    private String url(String path) {
        return "https://" + t.socket().dnsName() + ":" + h.server.config().httpsPort() + path;
    }

    /** The server's key as curl pins it (OpenSSL takes no "*.localhost" wildcard: the pin is what is checked). */
    private String pin() throws Exception {
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(dir.resolve("tls/cert.pem"))) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return "sha256//" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(x509.getPublicKey().getEncoded()));
    }

    /** curl against the HTTPS port, trusting the server's key only; its output (stdout and stderr). */
    String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-k", "--pinnedpubkey", pin(),
                "--resolve", t.socket().dnsName() + ":" + h.server.config().httpsPort() + ":127.0.0.1"));
        cmd.addAll(List.of(args));
        Process curl = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), out);
        return out;
    }
}

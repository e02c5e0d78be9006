// HTTP/2 for visitors on the HTTPS edge, with real parts: curl, OkHttp and h2load speak h2 to the server, whose
// agent relays each stream to a real origin as an HTTP/1.1 request.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.UpdateSocket;
import dev.portway.server.TestServers;
import dev.portway.server.config.EdgeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
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

    @Test
    void withHttp2TurnedOffTheHttpsPortSpeaksHttp11Only() throws Exception {
        agent.close();
        h.close();
        EdgeLimits d = EdgeLimits.DEFAULTS;
        h = new Harness(dir, TestServers.config(dir).withLimits(new EdgeLimits(d.headerTimeout(), d.idleTimeout(),
                d.maxConnections(), d.maxConnectionsPerAddress(), false)));
        t = h.create();
        agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
        String out = curl("--http2", "-w", "\n%{http_version} %{response_code}", url("/hello?i=off"));
        assertEquals("hello off\n1.1 200", out);
    }

    @Test
    void aHundredMegabytesGoUpAndComeDownByteExactWithFlowControl() throws Exception {
        long size = 100L * 1024 * 1024;
        String expected = PatternStream.sha256(new PatternStream(size, 42));
        // Upload from stdin: no Content-Length, so the edge chunks the body toward the origin as it comes.
        Process up = curlProcess("--http2", "-X", "POST", "-T", "-", "-w", " %{http_version}", url("/sha256"));
        try (OutputStream body = up.getOutputStream()) {
            new PatternStream(size, 42).transferTo(body);
        }
        assertEquals(expected + " " + size + " 2", finish(up));

        Process down = curlProcess("--http2", url("/bytes/" + size));
        assertEquals(expected, PatternStream.sha256(down.getInputStream()));
        assertTrue(down.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, down.exitValue());
    }

    @Test
    void okHttpMultiplexesManyConcurrentStreamsOnOneConnection() throws Exception {
        OkHttpClient client = okHttp();
        client.dispatcher().setMaxRequests(300);
        client.dispatcher().setMaxRequestsPerHost(300);
        // Once the server's SETTINGS are known (100 streams per connection), 100 calls at once share one connection.
        try (Response first = client.newCall(new Request.Builder().url(url("/hello?i=first")).build()).execute()) {
            assertEquals("hello first", first.body().string());
        }
        int calls = 100;
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            client.newCall(new Request.Builder().url(url("/hello?i=" + i)).build()).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    answer.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (response) {
                        answer.complete(response.protocol() + " " + response.code() + " " + response.body().string());
                    }
                }
            });
        }
        for (int i = 0; i < calls; i++) {
            assertEquals("h2 200 hello " + i, answers.get(i).get(60, TimeUnit.SECONDS));
        }
        assertEquals(1, client.connectionPool().connectionCount());
    }

    @Test
    void h2loadCompletesEveryRequest() throws Exception {
        String name = t.socket().dnsName();
        int port = h.server.config().httpsPort();
        Process h2load = new ProcessBuilder("h2load", "-n", "400", "-c", "4", "-m", "20",
                "--connect-to=127.0.0.1:" + port, "https://" + name + ":" + port + "/hello?i=load")
                .redirectErrorStream(true).start();
        String out = new String(h2load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(h2load.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, h2load.exitValue(), out);
        assertTrue(out.contains("Application protocol: h2"), out);
        assertTrue(out.contains("requests: 400 total, 400 started, 400 done, 400 succeeded, 0 failed"), out);
        assertTrue(out.contains("status codes: 400 2xx"), out);
    }

    @Test
    void aVisitorsResetFreesTheAgentsStream() throws Exception {
        OkHttpClient client = okHttp();
        Call call = client.newCall(new Request.Builder().url(url("/bytes/" + (1L << 30))).build());
        Response r = call.execute();
        assertEquals(Protocol.HTTP_2, r.protocol());
        r.body().source().require(1 << 20); // the download runs, held back by the visitor's window
        assertEquals(1, h.server.registry().openStreams());
        call.cancel(); // RST_STREAM CANCEL
        r.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> h.server.registry().openStreams() == 0);
        long produced = origin.produced.get();
        assertTrue(produced < 1L << 30, "the origin stopped producing: " + produced);
        // The connection and the tunnel carry on.
        try (Response again = client.newCall(new Request.Builder().url(url("/hello?i=after")).build()).execute()) {
            assertEquals("hello after", again.body().string());
            assertEquals(Protocol.HTTP_2, again.protocol());
        }
    }

    @Test
    void aStreamPastTheConnectionsLimitIsRefused() throws Exception {
        try (RawH2Client raw = new RawH2Client(trust(), t.socket().dnsName(), h.server.config().httpsPort())) {
            int streams = 101; // the limit is 100: uploads whose bodies never come keep them all open
            for (int i = 0; i < streams; i++) {
                raw.request(1 + 2 * i, "POST", "/echo", false);
            }
            raw.flush();
            RawH2Client.Frame f;
            do {
                f = raw.next();
            } while (f.type() != RawH2Client.RST_STREAM && f.type() != RawH2Client.GOAWAY);
            assertEquals(RawH2Client.RST_STREAM, f.type());
            assertEquals(1 + 2 * (streams - 1), f.stream());
            assertEquals(7, f.errorCode()); // REFUSED_STREAM
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(streams - 1,
                    h.server.registry().openStreams()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> h.server.registry().openStreams() == 0);
    }

    @Test
    void rapidResetsCloseTheConnection() throws Exception {
        try (RawH2Client raw = new RawH2Client(trust(), t.socket().dnsName(), h.server.config().httpsPort())) {
            for (int i = 0; i < 300; i++) {
                raw.request(1 + 2 * i, "GET", "/hello", true);
                raw.reset(1 + 2 * i);
            }
            raw.flush();
            RawH2Client.Frame f;
            do {
                f = raw.next();
            } while (f.type() != RawH2Client.GOAWAY);
            assertEquals(11, f.errorCode()); // ENHANCE_YOUR_CALM
        }
    }

    @Test
    void accessGatesHoldOnEveryStream() throws Exception {
        h.api.updateSocket(t.socket().socketId(), new UpdateSocket(null, true, "carol", "pa55", null));
        assertEquals("2 401", curl("--http2", "-o", "/dev/null", "-w", "%{http_version} %{response_code}",
                url("/hello")));
        assertEquals("hello gate\n2 200", curl("--http2", "-u", "carol:pa55", "-w",
                "\n%{http_version} %{response_code}", url("/hello?i=gate")));
        h.api.updateSocket(t.socket().socketId(), new UpdateSocket(null, false, null, null, List.of("127.0.0.2")));
        assertEquals("2 403", curl("--http2", "-o", "/dev/null", "-w", "%{http_version} %{response_code}",
                url("/hello")));
    }

    @Test
    void edgePagesAreHttp2Answers() throws Exception {
        agent.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> h.server.registry().openStreams() == 0
                && curl("--http2", "-o", "/dev/null", "-w", "%{response_code}", url("/hello")).equals("502"));
        String out = curl("--http2", "-i", url("/hello"));
        assertTrue(out.startsWith("HTTP/2 502"), out);
        assertTrue(out.contains("No tunnel online"), out);
        assertFalse(out.toLowerCase(Locale.ROOT).contains("connection: close"), out);
    }

    @Test
    void webSocketsStillGoOverHttp11OnTheSamePort() throws Exception {
        OkHttpClient client = okHttp();
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket ws = client.newWebSocket(new Request.Builder()
                .url("wss://" + t.socket().dnsName() + ":" + h.server.config().httpsPort() + "/ws").build(), inbox);
        ws.send("over h1");
        assertEquals("echo: over h1", inbox.next());
        ws.close(1000, "done");
    }

    private X509TrustManager trust() throws Exception {
        return HttpsAndCurlTest.trusting(dir.resolve("tls/cert.pem"));
    }

    /** OkHttp that speaks h2 (and HTTP/1.1 for WebSockets), trusting the server's certificate. */
    private OkHttpClient okHttp() throws Exception {
        X509TrustManager trust = trust();
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{trust}, null);
        return h.visitor.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust)
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).build();
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
        return finish(curlProcess(args));
    }

    private Process curlProcess(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-k", "--pinnedpubkey", pin(),
                "--resolve", t.socket().dnsName() + ":" + h.server.config().httpsPort() + ":127.0.0.1"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String finish(Process curl) throws Exception {
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), out);
        return out;
    }
}

// The server's /metrics follow real traffic: a real agent, a real origin and real visitors through the edge,
// scraped before and after; the counters move by exactly what was sent.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.TestServers;
import dev.portway.server.metrics.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class MetricsEndToEndTest extends OriginTunnelFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One scrape of /metrics on the API port. */
    private Scrape scrape() throws IOException {
        try (Response r = h.visitor.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + h.server.config().apiPort() + "/metrics").build()).execute()) {
            assertEquals(200, r.code());
            return Scrape.of(r.body().string());
        }
    }

    private double now(String metric, String... labels) throws IOException {
        return scrape().value(metric, labels);
    }

    private Response send(Request.Builder request) throws IOException {
        // A connection per request: each is one visitor connection at the edge.
        return h.visitor.newCall(request.header("Connection", "close").build()).execute();
    }

    @Test
    void visitorsRequestsAndBytesMoveByWhatWasSent() throws Exception {
        Harness.Tunnel t = h.create();
        assertEquals(0, now("portway_tunnels_online"));
        double connects = now("portway_link_connects_total");
        try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
            await().atMost(WAIT).until(() -> now("portway_tunnels_online") == 1);
            assertEquals(connects + 1, now("portway_link_connects_total"));
            Scrape before = scrape();

            for (int i = 0; i < 3; i++) {
                try (Response r = send(new Request.Builder().url(h.url(t.socket(), "/hello")))) {
                    assertEquals("hello world", r.body().string());
                }
            }
            byte[] body = new byte[100_000];
            try (Response r = send(new Request.Builder().url(h.url(t.socket(), "/echo"))
                    .post(RequestBody.create(body, MediaType.get("application/octet-stream"))))) {
                assertEquals(body.length, r.body().bytes().length);
            }
            try (Response r = send(new Request.Builder().url(h.url(t.socket(), "/no-such-page")))) {
                assertEquals(404, r.code(), "the origin's own 404");
            }
            try (Response r = send(new Request.Builder().url(h.url("no-such-socket-0000.localhost", "/")))) {
                assertEquals(404, r.code(), "the edge's page: no such socket");
            }

            Scrape after = scrape();
            String[] origin2xx = {"answered_by=origin", "edge=http", "status=2xx"};
            String[] origin4xx = {"answered_by=origin", "edge=http", "status=4xx"};
            String[] edge4xx = {"answered_by=edge", "edge=http", "status=4xx"};
            assertEquals(6, delta(before, after, "portway_visitor_connections_total", "edge=http"));
            assertEquals(0, delta(before, after, "portway_visitor_connections_total", "edge=https"));
            assertEquals(4, delta(before, after, "portway_visitor_requests_total", origin2xx));
            assertEquals(1, delta(before, after, "portway_visitor_requests_total", origin4xx));
            assertEquals(1, delta(before, after, "portway_visitor_requests_total", edge4xx));
            double in = delta(before, after, "portway_visitor_received_bytes_total");
            double out = delta(before, after, "portway_visitor_sent_bytes_total");
            // Bodies plus five request heads (as forwarded) and five answer heads, each well under 1 KiB.
            assertTrue(in >= body.length && in < body.length + 5 * 1024, "received " + in);
            assertTrue(out >= body.length + 3 * 11 && out < body.length + 5 * 1024 + 1024, "sent " + out);

            double sentTotal = after.value("portway_visitor_sent_bytes_total");
            double ended = now("portway_link_disconnects_total");
            agent.close();
            await().atMost(WAIT).until(() -> now("portway_tunnels_online") == 0);
            assertEquals(ended + 1, now("portway_link_disconnects_total"));
            assertEquals(sentTotal, now("portway_visitor_sent_bytes_total"),
                    "an ended link's bytes stay in the total");
        }
    }

    @Test
    void aTcpVisitorHoldsOneStreamOpenUntilItLeaves() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            Harness.Tunnel t = h.create("tcp");
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, echo.port(), new RecordingListener())) {
                SocketInfo socket = t.socket();
                double tcp = now("portway_visitor_connections_total", "edge=tcp");
                double received = now("portway_visitor_received_bytes_total");
                try (Socket v = new Socket()) {
                    v.connect(new InetSocketAddress("127.0.0.1", socket.tcpPort()), 5_000);
                    v.setSoTimeout(20_000);
                    v.getOutputStream().write("ping".getBytes());
                    InputStream in = v.getInputStream();
                    assertEquals("ping", new String(in.readNBytes(4)));
                    assertEquals(tcp + 1, now("portway_visitor_connections_total", "edge=tcp"));
                    assertEquals(1, now("portway_streams_open"));
                    assertEquals(received + 4, now("portway_visitor_received_bytes_total"));
                }
                await().atMost(WAIT).until(() -> now("portway_streams_open") == 0);
            }
        }
    }

    @Test
    void httpsVisitorsAndTheEdgesOwn502AreCountedApart() throws Exception {
        Harness.Tunnel web = h.create();
        Harness.Tunnel broken = h.create();
        int closedPort = TestServers.freeRange(1);
        try (TunnelAgent a = h.connectAndAwaitOnline(web, origin.port(), new RecordingListener());
             TunnelAgent b = h.connectAndAwaitOnline(broken, closedPort, new RecordingListener())) {
            X509TrustManager trust = HttpsAndCurlTest.trusting(dir.resolve("tls/cert.pem"));
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[]{trust}, null);
            OkHttpClient https = h.visitor.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust)
                    .build();
            Scrape before = scrape();
            String url = "https://" + web.socket().dnsName() + ":" + h.server.config().httpsPort() + "/hello";
            try (Response r = https.newCall(new Request.Builder().url(url).header("Connection", "close").build())
                    .execute()) {
                assertEquals(200, r.code());
            }
            try (Response r = send(new Request.Builder().url(h.url(broken.socket(), "/")))) {
                assertEquals(502, r.code(), "the agent could not reach its local service");
            }
            Scrape after = scrape();
            assertEquals(1, delta(before, after, "portway_visitor_connections_total", "edge=https"));
            assertEquals(1, delta(before, after, "portway_visitor_connections_total", "edge=http"));
            assertEquals(1, delta(before, after, "portway_visitor_requests_total",
                    "answered_by=origin", "edge=https", "status=2xx"));
            assertEquals(1, delta(before, after, "portway_visitor_requests_total",
                    "answered_by=edge", "edge=http", "status=5xx"));
            assertEquals(0, delta(before, after, "portway_visitor_requests_total",
                    "answered_by=origin", "edge=http", "status=5xx"));
        }
    }

    @Test
    void aRefusedHelloIsCountedByItsReason() throws Exception {
        Harness.Tunnel t = h.create();
        ServerInfo info = h.api.serverInfo();
        String unauthorized = "reason=unauthorized";
        double failures = now("portway_link_failures_total", unauthorized);
        RecordingListener guess = new RecordingListener();
        try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", info.tunnelPort(),
                info.tunnelFingerprint(), t.tunnel().tunnelId(), "pwc_wrong"), new LocalTarget("127.0.0.1", 9),
                guess)) {
            agent.start();
            await().atMost(WAIT).until(() -> guess.status == AgentStatus.ERROR);
        }
        assertEquals(failures + 1, now("portway_link_failures_total", unauthorized));
        assertEquals(0, now("portway_tunnels_online"));
    }

    private static double delta(Scrape before, Scrape after, String metric, String... labels) {
        return after.value(metric, labels) - before.value(metric, labels);
    }
}

// --host-header end to end: a real server, a real agent whose target rewrites Host, a real origin and visitors
// through the edge. The origin sees the Host asked for on every request of a connection, the visitor's name in
// X-Forwarded-Host, bodies byte-exact, and a WebSocket still works through the rewrite.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.service.AgentConfig;
import dev.portway.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class HostHeaderEndToEndTest extends OriginTunnelFixture {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    /** A tunnel to the origin on "localhost" (the CLI's default host) with the host header given (null: none). */
    private Harness.Tunnel online(String hostHeader) throws InterruptedException {
        return online(new LocalTarget("localhost", origin.port()).withHostHeader(hostHeader));
    }

    private Harness.Tunnel online(LocalTarget target) throws InterruptedException {
        return online(target, new RecordingListener(), false);
    }

    /** capture: as with the inspector open (heads and bodies decoded), or as the command line's log. */
    private Harness.Tunnel online(LocalTarget target, RecordingListener listener, boolean capture)
            throws InterruptedException {
        Harness.Tunnel t = h.create();
        cleanup.add(TunnelLauncher.launch(h.api, t.socket().socketId(), t.tunnel().tunnelId(), target, listener)
                .capture(capture));
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);
        return t;
    }

    private JsonNode headers(Harness.Tunnel t) throws IOException {
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/headers")).build())
                .execute()) {
            assertEquals(200, r.code());
            return Json.mapper().readTree(r.body().string());
        }
    }

    private String visitorHost(Harness.Tunnel t) {
        return t.socket().dnsName() + ":" + h.server.config().httpPort();
    }

    @Test
    void rewriteSendsTheLocalServicesHostAndTheVisitorsNameStaysInXForwardedHost() throws Exception {
        Harness.Tunnel t = online("rewrite");
        JsonNode seen = headers(t);
        assertEquals("localhost:" + origin.port(), seen.get("Host").asText());
        assertEquals(visitorHost(t), seen.get("X-Forwarded-Host").asText());
    }

    @Test
    void aValueIsSentAsGiven() throws Exception {
        Harness.Tunnel t = online("myapp.test:3000");
        JsonNode seen = headers(t);
        assertEquals("myapp.test:3000", seen.get("Host").asText());
        assertEquals(visitorHost(t), seen.get("X-Forwarded-Host").asText());
    }

    @Test
    void withoutTheOptionTheVisitorsHostPassesUnchanged() throws Exception {
        Harness.Tunnel t = online((String) null);
        JsonNode seen = headers(t);
        assertEquals(visitorHost(t), seen.get("Host").asText());
        assertEquals(visitorHost(t), seen.get("X-Forwarded-Host").asText());
    }

    @Test
    void theInspectorShowsTheHeadAsTheOriginReceivedIt() throws Exception {
        List<Exchange> done = new CopyOnWriteArrayList<>();
        Harness.Tunnel t = online(new LocalTarget("localhost", origin.port()).withHostHeader("rewrite"),
                new RecordingListener() {
                    @Override
                    public void onExchange(Exchange e) {
                        if (e.state() == Exchange.State.DONE) {
                            done.add(e);
                        }
                    }
                }, true);
        headers(t);
        await().atMost(Duration.ofSeconds(10)).until(() -> !done.isEmpty());
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        done.get(0).requestHeaders().forEach(header -> sent.put(header.name(), header.value()));
        assertEquals("localhost:" + origin.port(), sent.get("Host"));
        assertEquals(visitorHost(t), sent.get("X-Forwarded-Host"));
    }

    @Test
    void theHostHeaderOfAnAgentConfigIsSent() throws Exception {
        AgentConfig config = AgentConfig.parse("server: http://127.0.0.1:1\ntunnels:\n  - tunnel: t1\n"
                + "    credential: c\n    local: localhost:" + origin.port() + "\n    host_header: rewrite\n");
        Harness.Tunnel t = online(config.tunnels().get(0).target());
        assertEquals("localhost:" + origin.port(), headers(t).get("Host").asText());
    }

    @Test
    void everyRequestOfAKeptAliveConnectionIsRewritten() throws Exception {
        Harness.Tunnel t = online("rewrite");
        // One visitor connection is one stream and one connection to the origin: three requests in one go.
        String get = "GET /headers HTTP/1.1\r\nHost: " + visitorHost(t) + "\r\n\r\n";
        String answers = h.sendRaw(get + get + get.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        Matcher hosts = Pattern.compile("\"Host\"\\s*:\\s*\"([^\"]*)\"").matcher(answers);
        List<String> seen = new ArrayList<>();
        while (hosts.find()) {
            seen.add(hosts.group(1));
        }
        String local = "localhost:" + origin.port();
        assertEquals(List.of(local, local, local), seen, answers);
    }

    @Test
    void chunkedAndLargeBodiesArriveByteExactOnOneRewrittenConnection() throws Exception {
        Harness.Tunnel t = online("rewrite");
        long size = 8L * 1024 * 1024 + 13;
        for (boolean chunked : new boolean[]{true, false}) {
            try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/sha256"))
                    .post(pattern(size, chunked)).build()).execute()) {
                assertEquals(PatternStream.sha256(size, 7) + " " + size, r.body().string(),
                        chunked ? "chunked" : "Content-Length");
            }
            // The same kept-alive connection after the body: still HTTP, still rewritten.
            assertEquals("localhost:" + origin.port(), headers(t).get("Host").asText());
        }
    }

    /** size bytes of the test pattern; chunked: of unknown length, so that OkHttp sends them chunked. */
    private static RequestBody pattern(long size, boolean chunked) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return BINARY;
            }

            @Override
            public long contentLength() {
                return chunked ? -1 : size;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (PatternStream in = new PatternStream(size, 7)) {
                    byte[] buf = new byte[8191];
                    int n;
                    while ((n = in.read(buf, 0, buf.length)) > 0) {
                        sink.write(buf, 0, n);
                    }
                }
            }
        };
    }

    @Test
    void aWebSocketWorksThroughARewritingTunnel() throws Exception {
        Harness.Tunnel t = online("rewrite");
        WebSocketInbox received = new WebSocketInbox();
        WebSocket ws = h.visitor.newWebSocket(new Request.Builder()
                .url(h.url(t.socket(), "/ws/host").replace("http://", "ws://")).build(), received);
        try {
            for (int i = 0; i < 3; i++) {
                // Frames that look like a request head pass untouched once the connection is upgraded.
                String text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n " + i;
                ws.send(text);
                assertEquals("host localhost:" + origin.port() + ", echo: " + text, received.next());
            }
        } finally {
            ws.close(1000, "done");
        }
    }
}

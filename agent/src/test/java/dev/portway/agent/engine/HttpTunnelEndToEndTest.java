// HTTP sockets end to end: real server, real agent, real origin, real visitors through the edge.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class HttpTunnelEndToEndTest extends OriginTunnelFixture {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    private Harness.Tunnel online(RecordingListener listener) throws InterruptedException {
        Harness.Tunnel t = h.create();
        cleanup.add(h.connectAndAwaitOnline(t, origin.port(), listener));
        return t;
    }

    private Response get(String url) throws IOException {
        return h.visitor.newCall(new Request.Builder().url(url).build()).execute();
    }

    @Test
    void getAndPostAreByteExactAndLogged() throws Exception {
        RecordingListener listener = new RecordingListener();
        Harness.Tunnel t = online(listener);
        try (Response r = get(h.url(t.socket(), "/hello"))) {
            assertEquals(200, r.code());
            assertEquals("hello world", r.body().string());
        }
        byte[] body = new byte[1024 * 1024 + 7];
        new Random(1).nextBytes(body);
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/echo"))
                .post(RequestBody.create(body, BINARY)).build()).execute()) {
            assertArrayEquals(body, r.body().bytes());
        }
        // No length up front: the visitor sends it chunked and the edge re-chunks it for the origin.
        RequestBody chunked = new RequestBody() {
            @Override
            public MediaType contentType() {
                return BINARY;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(body);
            }
        };
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/echo"))
                .post(chunked).build()).execute()) {
            assertArrayEquals(body, r.body().bytes());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.requests.size() >= 3);
        RequestLog first = listener.requests.get(0);
        assertEquals("GET", first.method());
        assertEquals("/hello", first.path());
        assertEquals(200, first.status());
        assertEquals(11, first.bytes());
        assertEquals("POST", listener.requests.get(1).method());
        assertEquals(body.length, listener.requests.get(1).bytes());
    }

    @Test
    void hundredMebibytesDownAndUpKeepTheirChecksums() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        long size = 100L * 1024 * 1024;
        try (Response r = get(h.url(t.socket(), "/bytes/" + size))) {
            assertEquals(200, r.code());
            assertEquals(PatternStream.sha256(size, 42), PatternStream.sha256(r.body().byteStream()));
        }
        RequestBody upload = new RequestBody() {
            @Override
            public MediaType contentType() {
                return BINARY;
            }

            @Override
            public long contentLength() {
                return size;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (PatternStream in = new PatternStream(size, 7)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf, 0, buf.length)) > 0) {
                        sink.write(buf, 0, n);
                    }
                }
            }
        };
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/sha256"))
                .post(upload).build()).execute()) {
            assertEquals(PatternStream.sha256(size, 7) + " " + size, r.body().string());
        }
    }

    @Test
    void aStalledVisitorStallsTheOriginInsteadOfFillingMemory() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        // Four times the bound below, so a tunnel that buffered the whole answer fails it.
        long size = 256L * 1024 * 1024;
        try (Response r = get(h.url(t.socket(), "/bytes/" + size))) {
            InputStream body = r.body().byteStream();
            byte[] first = body.readNBytes(1024 * 1024);
            assertEquals(1024 * 1024, first.length);
            // The visitor stops reading: back-pressure must stop the origin after a bounded amount.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(origin.produced::get, new org.hamcrest.BaseMatcher<Long>() {
                        private long last = -1;
                        private int same;

                        @Override
                        public boolean matches(Object o) {
                            long now = (Long) o;
                            same = now == last ? same + 1 : 0;
                            last = now;
                            return same >= 5;
                        }

                        @Override
                        public void describeTo(org.hamcrest.Description d) {
                            d.appendText("the origin to stop producing");
                        }
                    });
            long stalledAt = origin.produced.get();
            assertTrue(stalledAt < 64L * 1024 * 1024,
                    "the tunnel buffered " + stalledAt / (1024 * 1024) + " MiB for a reader that stopped");
            long pooled = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            assertTrue(pooled < 64L * 1024 * 1024, "pooled direct memory " + pooled);
            // Reading again resumes the transfer to the end, byte-exact.
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(first);
            byte[] buf = new byte[256 * 1024];
            long total = first.length;
            int n;
            while ((n = body.read(buf)) > 0) {
                md.update(buf, 0, n);
                total += n;
            }
            assertEquals(size, total);
            assertEquals(PatternStream.sha256(size, 42), java.util.HexFormat.of().formatHex(md.digest()));
        }
    }

    @Test
    void twoHundredConcurrentVisitors() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        int visitors = 200;
        ExecutorService pool = Executors.newFixedThreadPool(visitors);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < visitors; i++) {
                String url = h.url(t.socket(), "/hello?i=" + i);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        // A fresh client per visitor: 200 separate connections, as 200 browsers would open.
                        try (Response r = h.visitor.newBuilder().connectionPool(new okhttp3.ConnectionPool())
                                .build().newCall(new Request.Builder().url(url).build()).execute()) {
                            return r.code() + " " + r.body().string();
                        }
                    } catch (Exception e) {
                        return e.toString();
                    }
                }, pool));
            }
            go.countDown();
            for (int i = 0; i < visitors; i++) {
                assertEquals("200 hello " + i, answers.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void webSocketEcho() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        WebSocketInbox received = new WebSocketInbox();
        WebSocket ws = h.visitor.newWebSocket(new Request.Builder()
                .url(h.url(t.socket(), "/ws").replace("http://", "ws://")).build(), received);
        try {
            for (int i = 0; i < 3; i++) {
                ws.send("ping " + i);
                assertEquals("echo: ping " + i, received.next());
            }
        } finally {
            ws.close(1000, "done");
        }
    }

    @Test
    void edgeAddsForwardingHeaders() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/headers"))
                .header("X-Forwarded-For", "198.51.100.7").build()).execute()) {
            JsonNode headers = Json.mapper().readTree(r.body().string());
            assertEquals("198.51.100.7, 127.0.0.1", headers.get("X-Forwarded-For").asText());
            assertEquals("http", headers.get("X-Forwarded-Proto").asText());
            assertEquals(t.socket().dnsName() + ":" + h.server.config().httpPort(),
                    headers.get("X-Forwarded-Host").asText());
        }
    }

    @Test
    void errorPagesSayWhatIsWrong() throws Exception {
        try (Response r = get(h.url("no-such-name-0000.localhost", "/"))) {
            assertEquals(404, r.code());
            assertTrue(r.body().string().contains("No such socket"));
        }
        Harness.Tunnel idle = h.create();
        try (Response r = get(h.url(idle.socket(), "/"))) {
            assertEquals(502, r.code());
            assertTrue(r.body().string().contains("no tunnel is connected"));
        }
        int closedPort = TestServers.freeRange(1);
        RecordingListener listener = new RecordingListener();
        TunnelAgent agent = h.connectAndAwaitOnline(idle, closedPort, listener);
        cleanup.add(agent);
        try (Response r = get(h.url(idle.socket(), "/"))) {
            assertEquals(502, r.code());
            String page = r.body().string();
            assertTrue(page.contains("could not reach 127.0.0.1:" + closedPort + " (connection refused)"), page);
            assertTrue(r.header("Content-Type").startsWith("text/html"));
        }
        // A body sent to a refused service is drained, and the stream goes away on both ends.
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(idle.socket(), "/upload"))
                .post(RequestBody.create(new byte[2 * 1024 * 1024], BINARY)).build()).execute()) {
            assertEquals(502, r.code());
        } catch (IOException e) {
            // The edge may answer and close before the whole body is sent; either way the visitor has its answer.
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.counters().openConnections() == 0
                && h.api.tunnel(idle.socket().socketId(), idle.tunnel().tunnelId()).openConnections() == 0);
        assertTrue(listener.statuses.contains(AgentStatus.ONLINE));
    }

    @Test
    void aRefusedUpgradeKeepsTheConnectionUnderHttpRules() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            String host = t.socket().dnsName();
            var out = s.getOutputStream();
            var in = new java.io.BufferedInputStream(s.getInputStream());
            out.write(("GET /hello HTTP/1.1\r\nHost: " + host + "\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200"), "the origin ignores h2c");
            out.write(("GET /headers HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            String second = readResponse(in);
            assertTrue(second.contains("\"X-Forwarded-For\":\"6.6.6.6, 127.0.0.1\""), second);
        }
    }

    /** Reads one response with a Content-Length body from a raw connection. */
    private static String readResponse(java.io.BufferedInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void liveStatusAndCountersShowInTheApi() throws Exception {
        Harness.Tunnel t = online(new RecordingListener());
        try (Response r = get(h.url(t.socket(), "/bytes/100000"))) {
            assertEquals(100000, r.body().bytes().length);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TunnelInfo info = h.api.tunnel(t.socket().socketId(), t.tunnel().tunnelId());
            assertEquals(TunnelInfo.ONLINE, info.status());
            assertTrue(info.bytesOut() >= 100000, "bytes_out " + info.bytesOut());
            assertTrue(info.bytesIn() > 0);
        });
    }

    @Test
    void killedAgentGives502WithinSecondsAndRecovers() throws Exception {
        Harness.Tunnel t = h.create();
        TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
        String url = h.url(t.socket(), "/hello");
        try (Response r = get(url)) {
            assertEquals(200, r.code());
        }
        agent.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Response r = get(url)) {
                return r.code() == 502;
            }
        });
        cleanup.add(h.connectAndAwaitOnline(t, origin.port(), new RecordingListener()));
        try (Response r = get(url)) {
            assertEquals(200, r.code());
        }
    }

    @Test
    void serverRestartAgentReconnectsAndTheSameUrlServes() throws Exception {
        RecordingListener listener = new RecordingListener();
        Harness.Tunnel t = online(listener);
        String url = h.url(t.socket(), "/hello");
        h.restart();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Response r = get(url)) {
                return r.code() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(listener.statuses.contains(AgentStatus.RETRYING), listener.statuses.toString());
    }

    @Test
    void rotatingTheCredentialClosesTheLinkOpenedWithTheOldOne() throws Exception {
        RecordingListener listener = new RecordingListener();
        Harness.Tunnel t = online(listener);
        h.api.newCredential(t.socket().socketId(), t.tunnel().tunnelId());
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ERROR);
        assertEquals(0, h.server.registry().size(), "no link of the old credential is left");
    }

    @Test
    void aSecondConnectReplacesTheOldLink() throws Exception {
        RecordingListener first = new RecordingListener();
        Harness.Tunnel t = online(first);
        RecordingListener second = new RecordingListener();
        cleanup.add(h.connectAndAwaitOnline(t, origin.port(), second));
        // The first link is closed; its credential was replaced, so it stops instead of fighting back.
        await().atMost(Duration.ofSeconds(20)).until(() -> first.status == AgentStatus.ERROR);
        assertEquals(1, h.server.registry().size());
        try (Response r = get(h.url(t.socket(), "/hello"))) {
            assertEquals(200, r.code());
        }
        assertEquals(AgentStatus.ONLINE, second.status);
    }

    @Test
    void aVisitorThatHalfClosesAfterItsRequestStillGetsTheAnswer() throws Exception {
        Harness.Tunnel t = h.create();
        try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
             java.net.Socket s = new java.net.Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /hello?i=half HTTP/1.1\r\nHost: " + t.socket().dnsName() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.shutdownOutput(); // as printf ... | socat does once printf is done
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.endsWith("hello half"), answer);
        }
    }
}

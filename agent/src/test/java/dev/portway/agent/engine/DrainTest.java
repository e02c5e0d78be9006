// Stopping gracefully: a server that drains takes no new visitors but lets a download in flight finish, and an
// agent that drains sends its socket's new visitors to the other tunnels while its own transfers finish.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainTest {
    private static final long SIZE = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    /** Starts a download and reads its first MiB; the rest waits in buffers, held back by flow control. */
    private static Response startDownload(Harness h, SocketInfo socket) throws Exception {
        Response r = h.visitor.newCall(new Request.Builder().url(h.url(socket, "/bytes/" + SIZE)).build()).execute();
        assertEquals(200, r.code());
        r.body().source().require(1024 * 1024);
        return r;
    }

    private static void assertCompletes(Response download) throws Exception {
        try (download; InputStream in = download.body().byteStream()) {
            assertEquals(PatternStream.sha256(SIZE, 42), PatternStream.sha256(in), "the whole download, byte-exact");
        }
    }

    @Test
    void aDrainingServerFinishesTheDownloadInFlightButTakesNoNewVisitors() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                Response download = startDownload(h, t.socket());
                int httpPort = h.server.config().httpPort();
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() ->
                        h.server.drain(Duration.ofSeconds(120)));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (Socket s = new Socket("127.0.0.1", httpPort)) {
                        return false;
                    } catch (ConnectException e) {
                        return true;
                    }
                });
                assertTrue(!drained.isDone(), "the drain waits for the download");
                assertCompletes(download);
                drained.get(30, java.util.concurrent.TimeUnit.SECONDS); // well before its 120 s: nothing in flight
            }
        }
    }

    @Test
    void aDrainedDownloadArrivesWholeAtAVisitorThatLagsBehind() throws Exception {
        long size = 16L * 1024 * 1024;
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
                 Response download = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/bytes/" + size))
                         .build()).execute();
                 InputStream in = download.body().byteStream()) {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                md.update(in.readNBytes(1024 * 1024));
                // GOAWAY: the agent ends its connection to the origin once the answer is through, and its stream with
                // it, while the last megabytes still wait for this slow visitor in flow control and buffers.
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() ->
                        h.server.drain(Duration.ofSeconds(60)));
                byte[] buf = new byte[64 * 1024];
                long got = 1024 * 1024;
                int n;
                // About 32 MB/s: slower than the link, so bytes are still queued when the drain begins.
                try (Pace pace = Pace.bytes(32_000_000)) {
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                        got += n;
                        pace.takeBytes(n);
                    }
                }
                assertEquals(size, got, "every byte arrived");
                assertEquals(PatternStream.sha256(size, 42), java.util.HexFormat.of().formatHex(md.digest()));
                drained.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void afterADrainedServerComesBackItsAgentServesAsBefore() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            RecordingListener listener = new RecordingListener();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), listener)) {
                dev.portway.server.config.ServerConfig c = h.server.config();
                int mark = listener.statuses.size();
                h.server.drain(Duration.ofSeconds(5)); // GOAWAY: the agent lets its kept-alive connections end
                h.stopServer();
                h.startServerAgain(c);
                await().atMost(Duration.ofSeconds(30)).until(() -> listener.statuses.subList(mark,
                        listener.statuses.size()).contains(AgentStatus.ONLINE));
                // The server that was stopping is gone: new visitors are served again, kept alive as usual.
                okhttp3.OkHttpClient kept = h.visitor.newBuilder().build();
                for (int i = 0; i < 30; i++) {
                    try (Response r = kept.newCall(new Request.Builder().url(h.url(t.socket(), "/hello?i=" + i))
                            .build()).execute()) {
                        assertEquals(200, r.code(), "request " + i);
                        assertEquals("hello " + i, r.body().string());
                    }
                }
                assertEquals(1, kept.connectionPool().connectionCount(), "one kept-alive connection served them all");
            }
        }
    }

    @Test
    void aDrainingAgentsNewVisitorsGoToTheOtherTunnel() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            SocketInfo socket = h.api.createSocket("two", "http");
            Harness.Tunnel first = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            Harness.Tunnel second = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            RecordingListener leaving = new RecordingListener();
            RecordingListener staying = new RecordingListener();
            TunnelAgent a = h.connectAndAwaitOnline(first, origin.port(), leaving);
            try (TunnelAgent b = h.connectAndAwaitOnline(second, origin.port(), staying)) {
                // Round-robin: one of two downloads runs through the agent that will leave.
                Response d1 = startDownload(h, socket);
                Response d2 = startDownload(h, socket);
                assertEquals(1, a.counters().openConnections(), "one download on each tunnel");
                CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> a.drain(Duration.ofSeconds(120)));
                await().atMost(Duration.ofSeconds(10)).until(() -> !h.server.registry()
                        .route(socket.dnsName()).map(s -> s.tunnelId().equals(first.tunnel().tunnelId())).orElse(true)
                        || h.server.registry().size() == 1);
                int before = leaving.requests.size();
                for (int i = 0; i < 10; i++) {
                    try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(socket, "/hello"))
                            .header("Connection", "close").build()).execute()) {
                        assertEquals(200, r.code(), "no visitor is lost while an agent leaves");
                    }
                }
                assertEquals(before, leaving.requests.size(), "new visitors went to the other tunnel");
                assertTrue(!drained.isDone(), "the agent waits for its download");
                assertCompletes(d1);
                assertCompletes(d2);
                drained.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(AgentStatus.STOPPED, leaving.status);
            } finally {
                a.close();
            }
        }
    }
}

// A WebSocket held open through the edge for ten minutes, messages both ways every second.
package dev.portway.agent.reliability;

import dev.portway.agent.engine.Pace;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class WebSocketSoakTest {
    /** -Dreliability.ws.seconds shortens it for a quick try; the table is made with 600. */
    private static final int SECONDS = Integer.getInteger("reliability.ws.seconds", 600);
    private static final int BIG_EVERY = 30;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    private record Received(long nanos, String text) {
    }

    private static String message(int i) {
        StringBuilder b = new StringBuilder("m").append(i).append(':');
        int size = i % BIG_EVERY == BIG_EVERY - 1 ? 64 * 1024 : 1024;
        long x = i * 0x9E3779B97F4A7C15L + 1;
        while (b.length() < size) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b.append((char) ('a' + Math.floorMod(x, 26)));
        }
        return b.toString();
    }

    @Test
    void aWebSocketStaysUpForTenMinutes() throws Exception {
        row.expect("WebSocket for " + (SECONDS >= 60 ? SECONDS / 60 + " minutes" : SECONDS + " s"),
                "a WebSocket through the edge stays open for " + SECONDS + " s with a message each way every second"
                        + " (1 KiB, every " + BIG_EVERY + "th 64 KiB): every message echoed, in order, none lost, no"
                        + " close or failure");
        try (Rig rig = new Rig(dir, "websocket"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            OkHttpClient client = rig.visitor.newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
            List<Received> received = new CopyOnWriteArrayList<>();
            AtomicReference<String> trouble = new AtomicReference<>();
            CountDownLatch opened = new CountDownLatch(1);
            WebSocket ws = client.newWebSocket(new Request.Builder()
                    .url("ws://" + t.socket().dnsName() + ":" + rig.server.httpPort + "/ws").build(),
                    new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket webSocket, Response response) {
                            opened.countDown();
                        }

                        @Override
                        public void onMessage(WebSocket webSocket, String text) {
                            received.add(new Received(System.nanoTime(), text));
                        }

                        @Override
                        public void onClosing(WebSocket webSocket, int code, String reason) {
                            trouble.compareAndSet(null, "closed by the far end: " + code + " " + reason);
                        }

                        @Override
                        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                            trouble.compareAndSet(null, "failed: " + t);
                        }
                    });
            assertTrue(opened.await(20, TimeUnit.SECONDS), "the WebSocket opened");
            List<Long> sentAt = new ArrayList<>();
            long t0 = System.nanoTime();
            long maxLag = 0;
            int bytes = 0;
            Pace pace = new Pace(1, Duration.ofSeconds(1)); // one message a second
            for (int i = 0; i < SECONDS && trouble.get() == null; i++) {
                pace.take(1);
                String m = message(i);
                sentAt.add(System.nanoTime());
                assertTrue(ws.send(m), "message " + i + " queued");
                bytes += m.length();
                // The echo of the one before has come back by now; its lag is kept.
                if (i > 0) {
                    final int want = i;
                    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= want
                            || trouble.get() != null);
                }
            }
            int sent = sentAt.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= sent || trouble.get() != null);
            pace.close();
            long held = System.nanoTime() - t0;
            int inOrder = 0;
            for (int i = 0; i < Math.min(sent, received.size()); i++) {
                if (received.get(i).text().equals("echo: " + message(i))) {
                    inOrder++;
                    maxLag = Math.max(maxLag, received.get(i).nanos() - sentAt.get(i));
                }
            }
            boolean stillOpen = trouble.get() == null && ws.send("bye");
            row.seen("held %.0f s; sent %d messages (%d KiB), %d echoes back, %d matching in order; slowest echo %.0f"
                            + " ms; open at the end: %s%s", held / 1e9, sent, bytes / 1024, received.size(), inOrder,
                    maxLag / 1e6, stillOpen, trouble.get() == null ? "" : " (" + trouble.get() + ")");
            ws.close(1000, "done");
            assertNull(trouble.get());
            assertEquals(SECONDS, sent);
            assertEquals(sent, inOrder);
            assertEquals(sent, received.size());
            assertTrue(stillOpen);
        }
    }
}

// The inspector's capture through a real tunnel: pending then done with heads and bodies, replay to the local
// service, a HAR log that parses, a body cut at the agent's capture limit, and a refused local service listed as a
// failed 502.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.engine.inspect.Har;
import dev.portway.agent.engine.inspect.Replay;
import dev.portway.agent.engine.inspect.ReplayRequest;
import dev.portway.protocol.Json;
import dev.portway.server.TestServers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorTest {
    @TempDir
    Path dir;

    /** Records exchanges too. */
    static final class Inspecting extends RecordingListener {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public void onExchange(Exchange exchange) {
            exchanges.add(exchange);
        }

        Exchange last(String path, Exchange.State state) {
            return exchanges.stream().filter(e -> e.target().startsWith(path) && e.state() == state)
                    .reduce((a, b) -> b).orElse(null);
        }
    }

    @Test
    void aPostIsCapturedReplayedAndExported() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            Inspecting seen = new Inspecting();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), seen).capture(true)) {
                String json = "{\"item\":\"kettle\",\"count\":2}";
                try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/echo?from=test"))
                        .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute()) {
                    assertEquals(json, r.body().string());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.last("/echo", Exchange.State.DONE) != null);
                Exchange done = seen.last("/echo", Exchange.State.DONE);
                assertTrue(seen.exchanges.stream().anyMatch(e -> e.id() == done.id()
                        && e.state() == Exchange.State.PENDING), "listed while it was in flight");
                assertEquals("POST", done.method());
                assertEquals(json, done.requestBody().text());
                assertEquals(json, done.responseBody().text());
                assertEquals("application/json; charset=utf-8", done.requestHeader("Content-Type").orElseThrow());
                assertEquals("127.0.0.1", done.requestHeader("X-Forwarded-For").orElseThrow());
                assertEquals(200, done.status());

                ReplayRequest edited = ReplayRequest.of(done);
                edited = new ReplayRequest(edited.method(), edited.target(), edited.headers(),
                        "{\"item\":\"teapot\"}".getBytes(StandardCharsets.UTF_8));
                Exchange again = Replay.send(edited, new LocalTarget("127.0.0.1", origin.port()));
                assertEquals(Exchange.State.DONE, again.state());
                assertEquals(200, again.status());
                assertEquals("{\"item\":\"teapot\"}", again.responseBody().text());

                JsonNode har = Json.mapper().readTree(Har.write(seen.exchanges.stream()
                        .filter(e -> e.state() != Exchange.State.PENDING).toList()));
                assertEquals("1.2", har.at("/log/version").asText());
                JsonNode entry = har.at("/log/entries/0");
                assertEquals("POST", entry.at("/request/method").asText());
                assertEquals(h.url(t.socket(), "/echo?from=test"), entry.at("/request/url").asText());
                assertEquals("from", entry.at("/request/queryString/0/name").asText());
                assertEquals(json, entry.at("/request/postData/text").asText());
                assertEquals(json, entry.at("/response/content/text").asText());
                assertEquals(200, entry.at("/response/status").asInt());
            }
        }
    }

    @Test
    void aDownloadIsPendingUntilItEnds() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            Inspecting seen = new Inspecting();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), seen).capture(true);
                 Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/bytes/8000000"))
                         .build()).execute()) {
                r.body().source().require(1024);
                Exchange pending = seen.last("/bytes/", Exchange.State.PENDING);
                assertTrue(pending != null && seen.last("/bytes/", Exchange.State.DONE) == null,
                        "in flight: pending, not done");
                try (InputStream in = r.body().byteStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.last("/bytes/", Exchange.State.DONE) != null);
                Exchange done = seen.last("/bytes/", Exchange.State.DONE);
                assertEquals(8_000_000, done.responseBody().size());
                assertEquals(64 * 1024, done.responseBody().captured().length);
            }
        }
    }

    @Test
    void theAgentsBodyLimitCutsEachCapturedBodyThere() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            Inspecting seen = new Inspecting();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), seen).capture(true).bodyLimit(1000);
                 Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/bytes/5000"))
                         .build()).execute()) {
                assertEquals(5000, r.body().bytes().length, "the visitor gets it all");
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.last("/bytes/", Exchange.State.DONE) != null);
                Body body = seen.last("/bytes/", Exchange.State.DONE).responseBody();
                assertEquals(5000, body.size());
                assertEquals(1000, body.captured().length);
                assertEquals(1000, body.cutAt());
            }
        }
    }

    @Test
    void aRefusedLocalServiceIsAFailed502() throws Exception {
        int closed = TestServers.freeRange(1);
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            Inspecting seen = new Inspecting();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, closed, seen);
                 Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/nothing-here"))
                         .build()).execute()) {
                assertEquals(502, r.code());
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.last("/nothing-here",
                        Exchange.State.FAILED) != null);
                Exchange failed = seen.last("/nothing-here", Exchange.State.FAILED);
                assertEquals(502, failed.status());
                assertEquals("GET", failed.method());
                assertTrue(failed.failure().contains("connection refused"), failed.failure());
            }
        }
    }
}

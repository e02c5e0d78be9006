// A real inspector over a real tunnel: a server, an origin whose answer a test can change, an agent feeding an
// ExchangeLog, an InspectServer with a saved-sets directory, and a plain HTTP client for its JSON API.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.protocol.json.JsonReader;
import dev.portway.server.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

final class InspectFixture implements AutoCloseable {
    final HttpClient client = HttpClient.newHttpClient();
    /** What the origin saw: "METHOD URI body=BODY" per request. */
    final List<String> originSaw = new CopyOnWriteArrayList<>();
    /** What the origin answers after "origin saw METHOD URI body=BODY": a test changes it to make replays differ. */
    final AtomicReference<String> answer = new AtomicReference<>("");
    /** When set, the origin holds each request for /hold… until it is counted down (a replay in flight). */
    volatile CountDownLatch hold;
    final ExchangeLog log = new ExchangeLog();
    final Path sets;
    final HttpServer origin;
    final Harness harness;
    final Harness.Tunnel tunnel;
    final TunnelAgent agent;
    final InspectServer inspector;

    InspectFixture(Path dir) throws Exception {
        sets = dir.resolve("config").resolve("inspect-sets");
        origin = TestServers.origin(ex -> {
            try {
                String line = ex.getRequestMethod() + " " + ex.getRequestURI() + " body="
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                originSaw.add(line);
                CountDownLatch held = hold;
                if (held != null && ex.getRequestURI().getPath().startsWith("/hold")) {
                    held.await(20, TimeUnit.SECONDS);
                }
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                return "origin saw " + line + answer.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        harness = Harness.start(dir.resolve("server"));
        tunnel = harness.create();
        InspectServerEndToEndTest.Feeding listener = new InspectServerEndToEndTest.Feeding(log,
                origin.getAddress().getPort());
        agent = harness.connectAndAwaitOnline(tunnel, origin.getAddress().getPort(), listener).capture(true);
        inspector = InspectServer.start(log, new ConnectionList(), 0, sets);
    }

    /** A POST through the tunnel; answers the id the inspector lists it under once it is done. */
    long visit(String path, String body) throws IOException {
        try (Response r = harness.visitor.newCall(new Request.Builder().url(harness.url(tunnel.socket(), path))
                .post(RequestBody.create(body, MediaType.get("text/plain"))).build()).execute()) {
            assertEquals(200, r.code());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.all().stream().anyMatch(e -> e.target().equals(path)
                && e.state() == Exchange.State.DONE));
        return log.all().stream().filter(e -> e.target().equals(path)).reduce((a, b) -> b).orElseThrow().id();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    private URI uri(String path) {
        return URI.create(inspector.url()).resolve(path);
    }

    private HttpResponse<String> send(HttpRequest req) throws Exception {
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> res) {
        return (Map<String, Object>) JsonReader.parse(res.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(HttpResponse<String> res, String key) {
        return (List<Map<String, Object>>) json(res).get(key);
    }

    @Override
    public void close() {
        inspector.close();
        agent.close();
        harness.close();
        origin.stop(0);
    }
}

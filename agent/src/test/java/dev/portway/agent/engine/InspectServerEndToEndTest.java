// The local inspector server against a real tunnel, server and origin: its JSON API lists a request made through the
// tunnel, shows it, replays it with edits (the origin sees them), exports and imports HAR, streams events; it listens
// on 127.0.0.1 only, moves to the next port when one is taken, and refuses bad input with a JSON error.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.agent.engine.inspect.Redactor;
import dev.portway.protocol.json.JsonReader;
import dev.portway.server.TestServers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectServerEndToEndTest {
    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newHttpClient();
    /** What the origin saw: "METHOD URI x-edit=VALUE body=BODY" per request. */
    final List<String> originSaw = new CopyOnWriteArrayList<>();
    HttpServer origin;

    @BeforeEach
    void origin() throws IOException {
        origin = TestServers.origin(ex -> {
            try {
                String line = ex.getRequestMethod() + " " + ex.getRequestURI() + " x-edit="
                        + ex.getRequestHeaders().getFirst("X-Edit") + " body="
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                originSaw.add(line);
                return "origin saw " + line;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void stopOrigin() {
        origin.stop(0);
    }

    /** Feeds its tunnel's exchanges to the log, as the CLI's runner does. */
    static final class Feeding extends RecordingListener {
        final Consumer<Exchange> feed;

        Feeding(ExchangeLog log, int originPort) {
            feed = log.feed(new LocalTarget("127.0.0.1", originPort));
        }

        @Override
        public void onExchange(Exchange exchange) {
            feed.accept(exchange);
        }
    }

    HttpResponse<String> get(InspectServer s, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(s.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(InspectServer s, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(s.url()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> res) {
        return (Map<String, Object>) JsonReader.parse(res.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> exchanges(HttpResponse<String> res) {
        return (List<Map<String, Object>>) json(res).get("exchanges");
    }

    static Optional<Map<String, Object>> done(List<Map<String, Object>> list, String path) {
        return list.stream().filter(e -> e.get("path").equals(path) && e.get("state").equals("done")).findFirst();
    }

    void visit(Harness h, Harness.Tunnel t, String path, String body) throws IOException {
        visit(h.visitor, h, t, path, body);
    }

    void visit(OkHttpClient visitor, Harness h, Harness.Tunnel t, String path, String body) throws IOException {
        try (Response r = visitor.newCall(new Request.Builder().url(h.url(t.socket(), path))
                .post(RequestBody.create(body, MediaType.get("application/x-www-form-urlencoded"))).build())
                .execute()) {
            assertEquals(200, r.code());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsShowsReplaysWithEditsAndRoundTripsHar() throws Exception {
        ExchangeLog log = new ExchangeLog();
        try (Harness h = Harness.start(dir);
             InspectServer inspector = InspectServer.start(log, new ConnectionList(), 0, null)) {
            Harness.Tunnel t = h.create();
            Feeding listener = new Feeding(log, origin.getAddress().getPort());
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.getAddress().getPort(), listener)
                    .capture(true)) {
                visit(h, t, "/form?x=1", "a=1");
                await().atMost(Duration.ofSeconds(10)).until(() -> done(exchanges(get(inspector,
                        "/api/exchanges")), "/form?x=1").isPresent());
                Map<String, Object> listed = done(exchanges(get(inspector, "/api/exchanges")), "/form?x=1")
                        .orElseThrow();
                assertEquals("POST", listed.get("method"));
                assertEquals(200L, listed.get("status"));
                assertEquals(3L, listed.get("request_bytes"));
                assertTrue(listed.get("started") instanceof String && listed.get("duration_ms") instanceof Long,
                        listed.toString());

                Map<String, Object> detail = json(get(inspector, "/api/exchanges/" + listed.get("id")));
                assertEquals("a=1", ((Map<String, Object>) detail.get("request_body")).get("text"));
                assertEquals("origin saw POST /form?x=1 x-edit=null body=a=1",
                        ((Map<String, Object>) detail.get("response_body")).get("text"));
                assertTrue(((List<Map<String, Object>>) detail.get("request_headers")).stream()
                        .anyMatch(hd -> hd.get("name").toString().equalsIgnoreCase("X-Forwarded-For")), detail
                        .toString());

                HttpResponse<String> replayed = post(inspector, "/api/exchanges/" + listed.get("id") + "/replay",
                        "{\"method\":\"PUT\",\"path\":\"/edited?y=2\",\"headers\":{\"X-Edit\":\"yes\","
                                + "\"Content-Type\":\"text/plain\"},\"body\":\"b=2\"}");
                assertEquals(200, replayed.statusCode(), replayed.body());
                assertEquals("PUT /edited?y=2 x-edit=yes body=b=2", originSaw.get(originSaw.size() - 1),
                        "the origin sees the replay with the edits");
                assertEquals("origin saw PUT /edited?y=2 x-edit=yes body=b=2",
                        ((Map<String, Object>) json(replayed).get("response_body")).get("text"));
                HttpResponse<String> plain = post(inspector, "/api/exchanges/" + listed.get("id") + "/replay", "");
                assertEquals(200, plain.statusCode(), plain.body());
                assertEquals("POST /form?x=1 x-edit=null body=a=1", originSaw.get(originSaw.size() - 1),
                        "no edits: sent as captured");
                List<Map<String, Object>> all = exchanges(get(inspector, "/api/exchanges"));
                assertEquals(3, all.size(), "the replays are listed too");

                String har = get(inspector, "/api/har").body();
                ExchangeLog other = new ExchangeLog();
                try (InspectServer second = InspectServer.start(other, new ConnectionList(), 0, null)) {
                    Map<String, Object> imported = json(post(second, "/api/har", har));
                    assertEquals(3L, imported.get("imported"));
                    List<Map<String, Object>> back = exchanges(get(second, "/api/exchanges"));
                    assertEquals(all.stream().map(e -> e.get("method") + " " + e.get("path") + " " + e.get("status"))
                            .toList(), back.stream().map(e -> e.get("method") + " " + e.get("path") + " "
                            + e.get("status")).toList());
                    Map<String, Object> first = json(get(second, "/api/exchanges/" + back.get(0).get("id")));
                    assertEquals("a=1", ((Map<String, Object>) first.get("request_body")).get("text"));
                    assertEquals("origin saw POST /form?x=1 x-edit=null body=a=1",
                            ((Map<String, Object>) first.get("response_body")).get("text"));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void capturesHeadsAndBodiesOnlyOnceSomeoneLooksFromTheNextRequestOnTheSameConnection() throws Exception {
        MovingClock clock = new MovingClock();
        ExchangeLog log = new ExchangeLog(ExchangeLog.KEEP, ExchangeLog.MAX_AGE, clock);
        AtomicInteger connections = new AtomicInteger();
        try (Harness h = Harness.start(dir); InspectServer inspector = InspectServer.start(log, 0)) {
            // One kept-alive visitor connection, as a browser tab opened before its user opened the inspector page.
            OkHttpClient browser = h.visitor.newBuilder().connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                    .eventListener(new EventListener() {
                        @Override
                        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                            connections.incrementAndGet();
                        }
                    }).build();
            Harness.Tunnel t = h.create();
            Feeding listener = new Feeding(log, origin.getAddress().getPort());
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.getAddress().getPort(), listener)
                    .capture(log::watched)) {
                visit(browser, h, t, "/unseen", "a=1");
                // Read from the log itself: a call to the API would count as looking.
                Exchange unseen = logged(log, "/unseen");
                assertEquals(List.of(), unseen.requestHeaders(), "nobody looked: heads are not decoded");
                assertEquals(0, unseen.requestBody().captured().length);
                assertEquals(3, unseen.requestBody().size(), "but sizes are counted");

                assertTrue(done(exchanges(get(inspector, "/api/exchanges")), "/unseen").isPresent());
                visit(browser, h, t, "/seen", "b=2");
                await().atMost(Duration.ofSeconds(10)).until(() -> done(exchanges(get(inspector,
                        "/api/exchanges")), "/seen").isPresent());
                Map<String, Object> detail = json(get(inspector, "/api/exchanges/"
                        + done(exchanges(get(inspector, "/api/exchanges")), "/seen").orElseThrow().get("id")));
                assertEquals("b=2", ((Map<String, Object>) detail.get("request_body")).get("text"));
                assertFalse(((List<Object>) detail.get("request_headers")).isEmpty(), detail.toString());

                clock.advance(ExchangeLog.LOOKED_FOR.plusSeconds(1)); // the page was closed long enough
                visit(browser, h, t, "/unseen-again", "c=3");
                Exchange again = logged(log, "/unseen-again");
                assertEquals(List.of(), again.requestHeaders(), "nobody looks any more");
                assertEquals(3, again.requestBody().size());
                assertEquals(1, connections.get(), "all on the one visitor connection");
            } finally {
                browser.connectionPool().evictAll();
            }
        }
    }

    static Exchange logged(ExchangeLog log, String path) {
        await().atMost(Duration.ofSeconds(10)).until(() -> log.all().stream()
                .anyMatch(e -> e.target().equals(path) && e.state() == Exchange.State.DONE));
        return log.all().stream().filter(e -> e.target().equals(path)).findFirst().orElseThrow();
    }

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            ahead.updateAndGet(d -> d.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }
    }

    @Test
    void secretsAreHiddenUnlessAskedForAndAReplaySendsThem() throws Exception {
        ExchangeLog log = new ExchangeLog();
        try (Harness h = Harness.start(dir);
             InspectServer inspector = InspectServer.start(log, new ConnectionList(), 0, null)) {
            Harness.Tunnel t = h.create();
            Feeding listener = new Feeding(log, origin.getAddress().getPort());
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.getAddress().getPort(), listener)
                    .capture(true)) {
                try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/s?token=abc"))
                        .header("Authorization", "Bearer s3cret").build()).execute()) {
                    assertEquals(200, r.code());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> exchanges(get(inspector, "/api/exchanges"))
                        .stream().anyMatch(e -> e.get("state").equals("done")));
                Map<String, Object> listed = exchanges(get(inspector, "/api/exchanges")).get(0);
                assertEquals("/s?token=" + Redactor.MARKER, listed.get("path"));
                String id = listed.get("id").toString();
                String detail = get(inspector, "/api/exchanges/" + id).body();
                String har = get(inspector, "/api/har").body();
                // The echo origin repeats the path in its body: bodies are not redacted, so only the URL counts here.
                for (String shown : List.of(listed.toString(), detail, har)) {
                    assertFalse(shown.contains("s3cret") || shown.contains("token=abc\""), shown);
                }
                assertTrue(get(inspector, "/api/exchanges/" + id + "?raw=true").body().contains("Bearer s3cret"));
                assertTrue(get(inspector, "/api/har?raw=true").body().contains("token=abc\""));
                assertEquals(200, post(inspector, "/api/exchanges/" + id + "/replay", "").statusCode());
                assertTrue(originSaw.get(originSaw.size() - 1).startsWith("GET /s?token=abc"),
                        "the replay sends the real values: " + originSaw);
            }
        }
    }

    @Test
    void eventsDeliverANewExchange() throws Exception {
        ExchangeLog log = new ExchangeLog();
        try (Harness h = Harness.start(dir);
             InspectServer inspector = InspectServer.start(log, new ConnectionList(), 0, null)) {
            Harness.Tunnel t = h.create();
            Feeding listener = new Feeding(log, origin.getAddress().getPort());
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.getAddress().getPort(), listener)
                    .capture(true)) {
                List<String> lines = new CopyOnWriteArrayList<>();
                // Answered once the stream follows the log: what comes after is sent.
                HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                        .resolve("/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, events.statusCode());
                assertTrue(events.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
                Thread reader = new Thread(() -> events.body().forEach(lines::add));
                reader.setDaemon(true);
                reader.start();
                visit(h, t, "/live", "x");
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: ")
                        && l.contains("\"path\":\"/live\"") && l.contains("\"state\":\"done\"")));
                assertTrue(lines.contains("event: exchange"), lines.toString());
            }
        }
    }

    @Test
    void listensOnLoopbackOnlyAndAnswersLoopbackNamesOnly() throws Exception {
        try (InspectServer inspector = InspectServer.start(new ExchangeLog(), new ConnectionList(), 0, null)) {
            // The listening socket's own address (a wildcard bind would say 0.0.0.0 or ::), on every host.
            assertEquals(InetAddress.getByName("127.0.0.1"), inspector.address().getAddress());
            assertEquals("http://127.0.0.1:" + inspector.address().getPort() + "/", inspector.url());
            // Where the host has another address, the port is shut there, though a wildcard listener is reachable.
            List<InetAddress> others = NetworkInterface.networkInterfaces().filter(this::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
            for (InetAddress other : others) {
                try (ServerSocket wildcard = new ServerSocket(0)) {
                    try (Socket reached = new Socket()) {
                        reached.connect(new InetSocketAddress(other, wildcard.getLocalPort()), 2000);
                    }
                }
                assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress(other,
                        inspector.address().getPort()), 2000), "not reachable at " + other);
            }
            if (System.getProperty("os.name").equals("Linux")) { // where all of 127/8 is this host
                assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress("127.0.0.2",
                        inspector.address().getPort()), 2000), "bound to 127.0.0.1, not to all of 127/8");
            }
            HttpResponse<String> rebound = client.send(HttpRequest.newBuilder(URI.create(inspector.url()
                    + "api/exchanges")).header("Origin", "http://evil.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, rebound.statusCode());
            assertEquals("not_local", errorCode(rebound));
            assertEquals(200, get(inspector, "/").statusCode(), "the placeholder page");
        }
    }

    private boolean up(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    @Test
    void aSecondServerTakesTheNextPort() throws Exception {
        int first = TestServers.freeRange(4);
        try (InspectServer a = InspectServer.start(new ExchangeLog(), new ConnectionList(), first, null);
             InspectServer b = InspectServer.start(new ExchangeLog(), new ConnectionList(), first, null)) {
            assertEquals(first, a.address().getPort());
            assertEquals(first + 1, b.address().getPort(), "the port asked for is taken: the next one");
            try (ServerSocket other = new ServerSocket(first + 2, 1, InetAddress.getByName("127.0.0.1"));
                 InspectServer c = InspectServer.start(new ExchangeLog(), new ConnectionList(), first + 2, null)) {
                assertEquals(first + 3, c.address().getPort(), "a port another program holds is passed over too");
            }
        }
    }

    @Test
    void badInputIsRefusedWithAJsonError() throws Exception {
        ExchangeLog log = new ExchangeLog();
        log.put(new Exchange(1, java.time.Instant.EPOCH, Exchange.State.DONE, "GET", "/x", "HTTP/1.1", List.of(),
                null, 200, "OK", List.of(), null, 1, null, 0, 0));
        try (InspectServer s = InspectServer.start(log, new ConnectionList(), 0, null)) {
            assertError(get(s, "/api/exchanges/99"), 404, "not_found");
            assertError(get(s, "/api/nothing"), 404, "not_found");
            assertError(post(s, "/api/exchanges", ""), 405, "method_not_allowed");
            assertError(post(s, "/api/har", "not json"), 400, "bad_request");
            assertError(post(s, "/api/har", "{\"log\":{}}"), 400, "bad_request");
            assertError(post(s, "/api/exchanges/1/replay", "{\"method\":\"G T\"}"), 400, "bad_request");
            assertError(post(s, "/api/exchanges/1/replay", "{\"headers\":{\"X\":\"a\\r\\nb: c\"}}"), 400,
                    "bad_request");
            assertError(post(s, "/api/exchanges/1/replay", ""), 409, "no_service");
            assertError(post(s, "/api/har", "x".repeat(9 * 1024 * 1024)), 413, "body_too_large");
            List<HttpResponse<Stream<String>>> open = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    open.add(client.send(HttpRequest.newBuilder(URI.create(s.url() + "api/events")).build(),
                            HttpResponse.BodyHandlers.ofLines()));
                    assertEquals(200, open.get(i).statusCode());
                }
                assertError(get(s, "/api/events"), 429, "too_many_clients");
            } finally {
                open.forEach(r -> r.body().close());
            }
        }
    }

    static void assertError(HttpResponse<String> res, int status, String code) {
        assertEquals(status, res.statusCode(), res.body());
        assertEquals(code, errorCode(res), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    @SuppressWarnings("unchecked")
    static String errorCode(HttpResponse<String> res) {
        Map<String, Object> error = (Map<String, Object>) json(res).get("error");
        assertTrue(error.get("message") instanceof String m && !m.isBlank(), res.body());
        return (String) error.get("code");
    }
}

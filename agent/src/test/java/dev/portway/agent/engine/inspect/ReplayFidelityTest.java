// Replays send what was captured, and only what HTTP allows: a method or header that would put other bytes on the
// wire is refused (400) from any source (a capture, a HAR import, a saved set), a binary body survives a HAR or a
// saved set byte for byte, a cut body stays cut, and a compressed answer compares like for like with the original.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.protocol.json.JsonReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayFidelityTest {
    private static final byte[] PLAIN = "hello hello hello hello".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GZIPPED = gzip(PLAIN);
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET";

    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newHttpClient();
    /** What the origin saw: "METHOD URI" and each request's body bytes. */
    private final List<String> saw = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private HttpServer origin;
    private ExchangeLog log;
    private InspectServer inspector;

    @BeforeEach
    void start() throws Exception {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", ex -> {
            saw.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            bodies.add(ex.getRequestBody().readAllBytes());
            byte[] answer = "fine".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        origin.createContext("/gz", ex -> {
            saw.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            String asked = ex.getRequestHeaders().getFirst("Accept-Encoding");
            boolean zip = asked != null && asked.contains("gzip");
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            if (zip) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            byte[] answer = zip ? GZIPPED : PLAIN;
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        origin.start();
        log = new ExchangeLog();
        log.feed(new LocalTarget("127.0.0.1", origin.getAddress().getPort()));
        inspector = InspectServer.start(log, 0, dir.resolve("sets"));
    }

    @AfterEach
    void stop() {
        inspector.close();
        origin.stop(0);
    }

    static Exchange exchange(long id, String method, List<Exchange.Header> headers, Body body) {
        return new Exchange(id, Instant.parse("2026-01-01T10:00:00Z"), Exchange.State.DONE, method, "/p", "HTTP/1.1",
                headers, body, 200, "OK", List.of(new Exchange.Header("Content-Type", "text/plain")),
                new Body("fine".getBytes(StandardCharsets.UTF_8), 4), 3, null, 0, 0);
    }

    static String har(String method, String headers) {
        return "{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-01-01T10:00:00Z\",\"request\":{\"method\":"
                + quote(method) + ",\"url\":\"https://example.com/p\",\"headers\":[" + headers
                + "]},\"response\":{\"status\":200}}]}}";
    }

    @Test
    void aMethodOrHeaderThatIsNotHttpIsRefusedFromEverySource() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new ReplayRequest(SMUGGLED, "/p", List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new ReplayRequest("GET", "/p", List.of(
                new Exchange.Header("X-A", "1\r\nX-Evil: 1")), null));
        assertThrows(IllegalArgumentException.class, () -> new ReplayRequest("GET", "/p", List.of(
                new Exchange.Header("X-A", "1\0")), null));
        assertThrows(IllegalArgumentException.class, () -> new ReplayRequest("GET", "/p", List.of(
                new Exchange.Header(":authority", "example.com")), null));
        assertThrows(IllegalArgumentException.class, () -> new ReplayRequest("GET", "/p\r\nX: 1", List.of(), null));
        assertEquals("PURGE", new ReplayRequest("PURGE", "/p", List.of(), null).method(), "any token is a method");

        // A browser's HAR: its pseudo-headers and the hop-by-hop ones the client sets are dropped, the rest kept.
        Exchange chrome = HarReader.read(har("GET", "{\"name\":\":authority\",\"value\":\"example.com\"},"
                + "{\"name\":\":method\",\"value\":\"GET\"},{\"name\":\"connection\",\"value\":\"keep-alive\"},"
                + "{\"name\":\"accept\",\"value\":\"*/*\"}")).get(0);
        assertEquals(List.of(new Exchange.Header("accept", "*/*")), chrome.requestHeaders());

        assertRefused(client.send(post("/api/har", har(SMUGGLED, "")), HttpResponse.BodyHandlers.ofString()));
        assertRefused(client.send(post("/api/har", har("GET", "{\"name\":\"X-A\",\"value\":\"1\\r\\nX-Evil: 1\"}")),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(0, log.size(), "nothing imported");

        // Captured (or put in the log some other way) with such a method: the replay is refused, not sent.
        log.put(exchange(3, SMUGGLED, List.of(), Body.EMPTY));
        log.put(exchange(4, "GET", List.of(), Body.EMPTY));
        assertRefused(client.send(post("/api/exchanges/3/replay", ""), HttpResponse.BodyHandlers.ofString()));
        assertRefused(client.send(post("/api/exchanges/4/replay", "{\"headers\":[{\"name\":"
                + "\"X-A\",\"value\":\"1\\nX-Evil: 1\"}]}"), HttpResponse.BodyHandlers.ofString()));
        assertRefused(client.send(post("/api/exchanges/4/replay", "{\"method\":\"GET /x HTTP/1.1\\r\\n\"}"),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, client.send(post("/api/exchanges/4/replay", ""), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        assertEquals(List.of("GET /p"), saw, "only the good one reached the service");

        // A saved set file edited by hand is read as an import is.
        java.nio.file.Files.createDirectories(dir.resolve("sets"));
        java.nio.file.Files.writeString(dir.resolve("sets").resolve("bad.har"), har(SMUGGLED, ""));
        assertRefused(client.send(post("/api/sets/bad/replay", ""), HttpResponse.BodyHandlers.ofString()));
        assertEquals(List.of("GET /p"), saw);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBinaryBodySurvivesHarAndSavedSetsAndACutOneStaysCut() throws Exception {
        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 'a', (byte) 0x80, '\n', (byte) 0xc3};
        log.put(exchange(5, "POST", List.of(new Exchange.Header("Content-Type", "application/octet-stream")),
                new Body(binary, binary.length)));

        assertEquals(201, client.send(post("/api/sets", "{\"name\":\"bin\",\"ids\":[5]}"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String saved = java.nio.file.Files.readString(dir.resolve("sets").resolve("bin.har"));
        assertTrue(saved.contains("\"encoding\" : \"base64\""), saved);
        HttpResponse<String> set = client.send(post("/api/sets/bin/replay", ""), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(1, bodies.size());
        assertArrayEquals(binary, bodies.get(0), "the set sent the captured bytes");

        HttpResponse<String> har = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                .resolve("/api/har?ids=5")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, har.statusCode());
        HttpResponse<String> imported = client.send(post("/api/har", har.body()), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
        Object id = ((List<Object>) json(imported).get("ids")).get(0);
        assertEquals(200, client.send(post("/api/exchanges/" + id + "/replay", ""),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(2, bodies.size());
        assertArrayEquals(binary, bodies.get(1), "the HAR round trip kept the bytes");

        // Cut at capture: exported cut, imported cut, refused at replay rather than sent short.
        log.put(exchange(6, "POST", List.of(), new Body("abc".getBytes(StandardCharsets.UTF_8), 100_000)));
        String cut = client.send(HttpRequest.newBuilder(URI.create(inspector.url()).resolve("/api/har?ids=6"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> back = client.send(post("/api/har", cut), HttpResponse.BodyHandlers.ofString());
        Object cutId = ((List<Object>) json(back).get("ids")).get(0);
        assertEquals(new Body("abc".getBytes(StandardCharsets.UTF_8), 100_000).size(),
                log.find(((Number) cutId).longValue()).orElseThrow().requestBody().size());
        HttpResponse<String> refused = client.send(post("/api/exchanges/" + cutId + "/replay", ""),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"code\":\"not_replayable\""), refused.body());
        assertEquals(2, bodies.size(), "nothing sent");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCompressedAnswerOverHttp2ReplaysUnchanged() throws Exception {
        // As a browser's HAR has it: HTTP/2, no reason phrase, the answer gzipped because the browser asked.
        log.put(new Exchange(7, Instant.parse("2026-01-01T10:00:00Z"), Exchange.State.DONE, "GET", "/gz",
                "HTTP/2.0", List.of(new Exchange.Header("Accept-Encoding", "gzip, deflate, br")), Body.EMPTY, 200, "",
                List.of(new Exchange.Header("Content-Type", "text/plain"),
                        new Exchange.Header("Content-Encoding", "gzip")),
                new Body(GZIPPED, GZIPPED.length), 3, null, 0, 0));
        assertEquals(201, client.send(post("/api/sets", "{\"name\":\"gz\",\"ids\":[7]}"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> res = client.send(post("/api/sets/gz/replay", ""), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        Map<String, Object> result = ((List<Map<String, Object>>) json(res).get("results")).get(0);
        assertEquals(List.of(false, false, false), List.of(result.get("changed"), result.get("status_changed"),
                result.get("body_changed")), res.body());
        assertEquals(0L, json(res).get("changed"));
    }

    private static byte[] gzip(byte[] plain) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(plain);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void assertRefused(HttpResponse<String> res) {
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"code\":\"bad_request\""), res.body());
    }

    HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(inspector.url()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> res) {
        return (Map<String, Object>) JsonReader.parse(res.body());
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r")
                .replace("\n", "\\n") + "\"";
    }
}

// The inspector's guards against other web pages, over a raw socket (an HTTP client would set Host itself): a name
// rebound to 127.0.0.1, a request without Host, and another origin (or "null") are refused 403 not_local on every
// call that acts (HAR import, saving, deleting and replaying sets, replaying an exchange), and nothing is done.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.protocol.json.JsonReader;
import dev.portway.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectSecurityTest {
    @TempDir
    Path dir;

    final AtomicInteger originHits = new AtomicInteger();
    HttpServer origin;
    ExchangeLog log;
    SavedSets sets;
    InspectServer inspector;
    String local;

    @BeforeEach
    void start() throws IOException {
        origin = TestServers.origin(ex -> "hit " + originHits.incrementAndGet());
        log = new ExchangeLog();
        log.feed(new LocalTarget("127.0.0.1", origin.getAddress().getPort())).accept(exchange());
        sets = new SavedSets(dir.resolve("inspect-sets"));
        sets.save("kept", List.of(log.find(1).orElseThrow()));
        inspector = InspectServer.start(log, new ConnectionList(), 0, dir.resolve("inspect-sets"));
        local = "127.0.0.1:" + inspector.address().getPort();
    }

    @AfterEach
    void stop() {
        inspector.close();
        origin.stop(0);
    }

    static Exchange exchange() {
        byte[] b = "a=1".getBytes(StandardCharsets.UTF_8);
        return new Exchange(1, Instant.EPOCH, Exchange.State.DONE, "POST", "/form", "HTTP/1.1",
                List.of(new Exchange.Header("Host", "app.example")), new Body(b, b.length), 200, "OK", List.of(),
                Body.EMPTY, 1, null, 0, 0);
    }

    /** An HTTP/1.1 answer read off the socket: its status and its body. */
    record Answer(int status, String body) {
        @SuppressWarnings("unchecked")
        String errorCode() {
            Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(body))
                    .get("error");
            assertTrue(error.get("message") instanceof String m && !m.isBlank(), body);
            return (String) error.get("code");
        }
    }

    /** Sends head (lines without the blank one) and body, and reads the answer until the server closes. */
    Answer send(String head, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", inspector.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
            return read(s.getInputStream());
        }
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            in.transferTo(got);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer in 10 s; so far: " + got.toString(StandardCharsets.UTF_8), e);
        }
        String text = got.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(text.startsWith("HTTP/1.1 ") && end > 0, text);
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(end + 4));
    }

    /** Each call that acts, as "METHOD PATH" and its body. */
    List<String[]> actions() {
        return List.of(new String[] {"POST /api/har", Har.write(List.of(exchange()))},
                new String[] {"POST /api/sets", "{\"name\":\"evil\",\"ids\":[1]}"},
                new String[] {"POST /api/sets/kept/replay", ""},
                new String[] {"DELETE /api/sets/kept", ""},
                new String[] {"POST /api/exchanges/1/replay", ""});
    }

    void assertNothingDone() {
        assertEquals(1, log.size(), "nothing imported, nothing replayed");
        assertEquals(List.of("kept"), sets.list().stream().map(SavedSets.Info::name).toList(),
                "nothing saved, nothing deleted");
        assertEquals(0, originHits.get(), "nothing replayed to the local service");
    }

    @Test
    void refusesEveryActingCallFromARenamedHostNoHostOrAnotherOrigin() throws Exception {
        int port = inspector.address().getPort();
        List<String> foreign = List.of(
                "Host: evil.example:" + port + "\r\n", // DNS rebinding: the page's own origin, so no Origin sent
                "", // no Host at all
                "Host: " + local + "\r\nOrigin: http://evil.example\r\n",
                "Host: " + local + "\r\nOrigin: null\r\n", // a sandboxed frame, a file: page
                "Host: localhost:" + port + "\r\nOrigin: http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "\r\n");
        for (String[] action : actions()) {
            for (String headers : foreign) {
                Answer a = send(action[0] + " HTTP/1.1\r\n" + headers + "Content-Type: application/json\r\n",
                        action[1]);
                String what = action[0] + " with " + headers.replace("\r\n", "; ");
                assertEquals(403, a.status(), what + ": " + a.body());
                assertEquals("not_local", a.errorCode(), what);
            }
        }
        assertNothingDone();

        // The same calls from the page itself are served: the refusals above were the guard's, not bad calls.
        String own = "Host: " + local + "\r\nOrigin: http://" + local + "\r\nContent-Type: application/json\r\n";
        List<Integer> served = actions().stream().map(a -> {
            try {
                return send(a[0] + " HTTP/1.1\r\n" + own, a[1]).status();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertEquals(List.of(200, 201, 200, 204, 200), served);
        assertEquals(2, originHits.get(), "the set and the exchange replayed");
    }

    /**
     * The Host is checked on the request's head: a foreign request is answered at once, without its body being
     * waited for (it is dropped, never buffered) and without "100 Continue" inviting it.
     */
    @Test
    void aForeignRequestIsRefusedOnItsHeadNeverAskedForItsBody() throws Exception {
        for (String expect : List.of("Expect: 100-continue\r\n", "")) {
            try (Socket s = new Socket("127.0.0.1", inspector.address().getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /api/har HTTP/1.1\r\nHost: evil.example\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000000\r\n" + expect + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                Answer a = read(s.getInputStream()); // the body is never sent: the answer must not wait for it
                assertEquals(403, a.status(), expect + a.body());
                assertEquals("not_local", a.errorCode());
            }
        }
        assertNothingDone();
    }

    /**
     * A body must be typed JSON (a browser asks before sending that type cross-origin; a form or a text/plain fetch
     * it sends straight away), even on the page's own origin: 415, nothing done.
     */
    @Test
    void aBodyNotTypedJsonIsRefused() throws Exception {
        String own = "Host: " + local + "\r\nOrigin: http://" + local + "\r\n";
        for (String[] action : actions()) {
            for (String type : List.of("", "Content-Type: text/plain\r\n",
                    "Content-Type: application/x-www-form-urlencoded\r\n", "Content-Type: multipart/form-data\r\n")) {
                if (type.isEmpty() && action[1].isEmpty()) {
                    continue; // no body, no type: nothing to type
                }
                Answer a = send(action[0] + " HTTP/1.1\r\n" + own + type, action[1]);
                assertEquals(415, a.status(), action[0] + " " + type + a.body());
                assertEquals("unsupported_media_type", a.errorCode());
            }
        }
        assertNothingDone();
        Answer har = send("POST /api/har HTTP/1.1\r\n" + own + "Content-Type: application/har+json; charset=utf-8\r\n",
                Har.write(List.of(exchange())));
        assertEquals(200, har.status(), "a HAR's own type is JSON too: " + har.body());
    }

    /**
     * A cross-site request (a link, an <img src=/api/events> on another site: no Origin, but the browser says
     * Sec-Fetch-Site) is refused, and does not count as someone looking (which would turn capture on).
     */
    @Test
    void aCrossSiteRequestIsRefusedAndIsNotLooking() throws Exception {
        for (String path : List.of("/api/exchanges", "/api/events", "/api/exchanges/1?raw=true")) {
            Answer a = send("GET " + path + " HTTP/1.1\r\nHost: " + local + "\r\nSec-Fetch-Site: cross-site\r\n",
                    "");
            assertEquals(403, a.status(), path + ": " + a.body());
            assertEquals("not_local", a.errorCode());
        }
        assertFalse(log.watched(), "a refused request is nobody looking");
        Answer own = send("GET /api/exchanges HTTP/1.1\r\nHost: " + local + "\r\nSec-Fetch-Site: same-origin\r\n",
                "");
        assertEquals(200, own.status(), own.body());
        assertTrue(log.watched(), "the page's own call is someone looking");
    }

    /** What fails unforeseen, on the event loop or on the replay's thread, is answered, never left hanging. */
    @Test
    void anUnforeseenFailureIsAnsweredNotLeftHanging() throws Exception {
        // A malformed escape: the path's decoder throws.
        Answer bad = send("GET /api/exchanges/%zz HTTP/1.1\r\nHost: " + local + "\r\n", "");
        assertEquals(500, bad.status(), bad.body());
        assertEquals("internal", bad.errorCode());
        // A GET with a body: the HTTP client refuses to build it, on the replay's thread.
        Answer replay = send("POST /api/exchanges/1/replay HTTP/1.1\r\nHost: " + local
                + "\r\nContent-Type: application/json\r\n", "{\"method\":\"GET\",\"body\":\"x\"}");
        assertTrue(replay.status() >= 400, replay.body());
        assertFalse(replay.errorCode().isEmpty());
        assertEquals(0, originHits.get());
    }
}

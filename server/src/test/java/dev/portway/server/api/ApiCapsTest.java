// The API's caps on a real server over real sockets: live-event streams per user and per address (429
// too_many_streams with Retry-After), a stream's slot back as soon as its client hangs up or half-closes, a stream
// whose client stops reading ended without slowing any publisher, streams ended at once by a drain and a stop, and
// API connections capped per address and overall.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.signupAndLogin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.ApiCalls;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.config.ApiLimits;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.events.UserEvents;
import dev.portway.server.reliability.AttackCase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ApiCapsTest {
    @TempDir
    Path dir;
    private PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RawApiClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawApiClient c : clients) {
            c.close();
        }
    }

    private void start(ApiLimits limits) throws Exception {
        server = servers.start(TestServers.config(dir).withApiLimits(limits));
    }

    private RawApiClient stream(String token, String from) throws IOException {
        RawApiClient c = RawApiClient.events(server.config().apiPort(), token, from);
        clients.add(c);
        return c;
    }

    private RawApiClient admitted(String token, String from) throws IOException {
        RawApiClient c = stream(token, from);
        assertEquals(200, c.status());
        assertTrue(c.ready(), "the stream opens with its ready event");
        return c;
    }

    private static void assertRefused(RawApiClient c, String mentions) throws IOException {
        assertEquals(429, c.status());
        assertTrue(Integer.parseInt(c.header("Retry-After")) > 0, "Retry-After: " + c.header("Retry-After"));
        assertTrue(c.header("Content-Type").startsWith("application/json"));
        JsonNode error = c.json().get("error");
        assertEquals("too_many_streams", error.get("code").asText());
        assertTrue(error.get("message").asText().contains(mentions), error.toString());
    }

    @Test
    @AttackCase(value = "event streams: past the cap of one user",
            expected = "the 11th GET /api/v1/events of one account: 429 too_many_streams with Retry-After and the "
                    + "JSON error; other accounts still get theirs")
    void aUserPastTheirStreamCapIsRefusedWith429AndOthersAreNot() throws Exception {
        start(new ApiLimits(2, 10, 100, 50));
        String alice = signupAndLogin(http, server, "alice@example.com");
        String bob = signupAndLogin(http, server, "bob@example.com");
        admitted(alice, "127.0.0.1");
        admitted(alice, "127.0.0.2");
        assertRefused(stream(alice, "127.0.0.3"), "--max-event-streams-per-user");
        admitted(bob, "127.0.0.1");
    }

    @Test
    @AttackCase(value = "event streams: past the cap of one address",
            expected = "streams from one address past --max-event-streams-per-ip are refused with 429, whichever " +
                    "accounts they use")
    void anAddressPastItsStreamCapIsRefusedWhoeverSignedIn() throws Exception {
        start(new ApiLimits(5, 2, 100, 50));
        String alice = signupAndLogin(http, server, "alice@example.com");
        String bob = signupAndLogin(http, server, "bob@example.com");
        admitted(alice, "127.0.0.1");
        admitted(bob, "127.0.0.1");
        assertRefused(stream(bob, "127.0.0.1"), "--max-event-streams-per-ip");
        admitted(bob, "127.0.0.2");
    }

    @Test
    @AttackCase(value = "event streams: released when the client goes",
            expected = "a hang-up or half-close gives the stream's slot back at once, not at the next heartbeat")
    void aStreamIsReleasedAsSoonAsItsClientHangsUpOrHalfCloses() throws Exception {
        start(new ApiLimits(1, 10, 100, 50));
        String alice = signupAndLogin(http, server, "alice@example.com");
        RawApiClient first = admitted(alice, "127.0.0.1");
        assertRefused(stream(alice, "127.0.0.1"), "--max-event-streams-per-user");
        first.close();
        // Well within the 15 s between heartbeats: the hang-up itself gives the slot back.
        RawApiClient second = await().atMost(Duration.ofSeconds(5)).until(() -> stream(alice, "127.0.0.1"),
                c -> c.status() == 200);
        assertTrue(second.ready());
        second.halfClose();
        assertTrue(second.closedByServer(), "the server ends a stream whose client has half-closed");
        RawApiClient third = await().atMost(Duration.ofSeconds(5)).until(() -> stream(alice, "127.0.0.1"),
                c -> c.status() == 200);
        assertTrue(third.ready());
    }

    @Test
    @AttackCase(value = "event streams: a client that stops reading",
            expected = "publishing to its user never blocks (every call under 1 s; before, the publisher hung until" +
                    " the client read again); past 256 events or 256 KiB waiting the stream is ended and its slot" +
                    " freed; another user's stream gets each event within 2 s meanwhile")
    void aClientThatStopsReadingNeitherBlocksPublishersNorKeepsItsSlot() throws Exception {
        start(new ApiLimits(1, 10, 100, 50));
        String alice = signupAndLogin(http, server, "alice@example.com");
        String bob = signupAndLogin(http, server, "bob@example.com");
        String aliceId = userId(alice);
        String bobId = userId(bob);
        // A tiny receive window, and the stream is never read past its ready event.
        RawApiClient stuck = RawApiClient.connect(server.config().apiPort(), "127.0.0.1", 4096);
        clients.add(stuck);
        RawApiClient.events(stuck, alice);
        assertEquals(200, stuck.status());
        assertTrue(stuck.ready());
        RawApiClient reader = admitted(bob, "127.0.0.2");
        reader.readTimeout(2_000);

        // One publisher thread for all users, as the traffic clock or an edge event loop is; each call is timed.
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        UserEvents events = server.events();
        Map<String, String> big = Map.of("padding", "x".repeat(4_000));
        long slowest = 0;
        int sent = 0;
        try {
            // Bounded: 4,096 events of 4 KB are far more than the socket buffers and the backlog together hold.
            while (events.watched(aliceId) && sent < 4_096) {
                slowest = Math.max(slowest, publish(publisher, aliceId, big));
                if (++sent % 32 == 0) {
                    slowest = Math.max(slowest, publish(publisher, bobId, Map.of("n", sent)));
                    assertEquals("{\"n\":" + sent + "}", reader.nextData("socket"), "bob's event, promptly");
                }
            }
        } finally {
            publisher.shutdownNow();
        }
        assertFalse(events.watched(aliceId), "the stuck stream was ended (" + sent + " events published)");
        assertTrue(sent > 32, "the stream took " + sent + " events before it was ended");
        // Far above a publish (a few ms) and a GC pause on a busy machine, far below a publisher waiting on a client.
        assertTrue(slowest < TimeUnit.SECONDS.toNanos(1),
                "the slowest publish took " + slowest / 1_000_000 + " ms");
        RawApiClient again = await().atMost(Duration.ofSeconds(5)).until(() -> stream(alice, "127.0.0.1"),
                c -> c.status() == 200);
        assertTrue(again.ready(), "the ended stream's slot is free again (the account may hold one)");
        stuck.readTimeout(5_000);
        assertTrue(stuck.closedByServer(), "the stuck stream's connection was closed");
        events.publish(bobId, "socket", Map.of("n", 0));
        assertEquals("{\"n\":0}", reader.nextData("socket"), "bob's stream lives on");
    }

    /** How long the publisher took to publish the event; fails if it is still at it after 5 s. */
    private long publish(ExecutorService publisher, String userId, Object data) throws Exception {
        Future<Long> took = publisher.submit(() -> {
            long started = System.nanoTime();
            server.events().publish(userId, "socket", data);
            return System.nanoTime() - started;
        });
        try {
            return took.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("publishing to " + userId + " blocked the publisher for 5 s and more");
        }
    }

    private String userId(String token) throws Exception {
        return ApiCalls.call(http, server, "GET", "account", token, null).json().get("user_id").asText();
    }

    @Test
    void overTlsAStreamIsReleasedOnHangUpAndClosedConnectionsAreNotCounted() throws Exception {
        server = servers.start(TestServers.config(dir).withApiTls(true)
                .withApiLimits(new ApiLimits(1, 10, 100, 3)));
        SSLContext trust = TestServers.trustingContext(TestServers.certificate(dir));
        int port = server.config().apiPort();
        HttpClient https = HttpClient.newBuilder().sslContext(trust).build();
        String credentials = "{\"email\":\"alice@example.com\",\"password\":\"password1\"}";
        assertEquals(201, https.send(post(port, "accounts", credentials), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        String token = Json.mapper().readTree(https.send(post(port, "login", credentials),
                HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        // More connections, one after the other, than the address may hold at once: each one closed is uncounted.
        for (int i = 0; i < 5; i++) {
            try (RawApiClient c = RawApiClient.tls(port, "127.0.0.1", trust)) {
                c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                c.readHead();
                assertEquals(200, c.status());
            }
        }
        RawApiClient first = RawApiClient.events(tls(port, trust), token);
        assertEquals(200, first.status());
        assertTrue(first.ready());
        assertRefused(RawApiClient.events(tls(port, trust), token), "--max-event-streams-per-user");
        first.close();
        RawApiClient second = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> RawApiClient.events(tls(port, trust), token), c -> c.status() == 200);
        assertTrue(second.ready());
    }

    private RawApiClient tls(int port, SSLContext trust) throws IOException {
        RawApiClient c = RawApiClient.tls(port, "127.0.0.1", trust);
        clients.add(c);
        return c;
    }

    private static HttpRequest post(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    @AttackCase(value = "event streams: drain and stop",
            expected = "a drain ends every open stream at once and the server stops promptly")
    void aDrainEndsOpenStreamsAtOnceAndAStopIsPrompt() throws Exception {
        start(new ApiLimits(10, 20, 100, 50));
        String alice = signupAndLogin(http, server, "alice@example.com");
        List<RawApiClient> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(admitted(alice, "127.0.0." + (1 + i % 2)));
        }
        long started = System.nanoTime();
        server.drain(Duration.ofSeconds(5));
        for (RawApiClient c : open) {
            c.readTimeout(2_000);
            assertTrue(c.closedByServer(), "the drain ended the stream");
        }
        RawApiClient late = admitted(alice, "127.0.0.1");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        stopping.get(5, TimeUnit.SECONDS);
        servers.closedAlready();
        late.readTimeout(2_000);
        assertTrue(late.closedByServer(), "the stop ended the stream opened after the drain");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8));
    }

    @Test
    @AttackCase(value = "API connections: past the cap of one address",
            expected = "connections over --max-api-connections-per-ip are closed at once, other addresses are served")
    void connectionsPastTheCapOfAnAddressAreClosedAtOnceAndOthersServed() throws Exception {
        start(new ApiLimits(10, 20, 100, 3));
        int port = server.config().apiPort();
        List<RawApiClient> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(RawApiClient.connect(port, "127.0.0.1"));
        }
        clients.addAll(held);
        // The accept can run after connect returns: wait until the server counts all three, as a fourth sees.
        RawApiClient extra = await().atMost(Duration.ofSeconds(5)).until(() -> {
            RawApiClient c = RawApiClient.connect(port, "127.0.0.1");
            clients.add(c);
            c.readTimeout(2_000);
            return c;
        }, RawApiClient::closedByServer);
        assertNotNull(extra);
        assertEquals(200, health(port, "127.0.0.2"), "another address is served");
        held.get(0).close();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> health(port, "127.0.0.1") == 200);
    }

    @Test
    @AttackCase(value = "API connections: past the overall cap",
            expected = "past --max-api-connections the API accepts no more until one closes, then serves again")
    void pastTheOverallCapTheApiWaitsUntilAConnectionCloses() throws Exception {
        start(new ApiLimits(10, 20, 3, 50));
        int port = server.config().apiPort();
        List<RawApiClient> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawApiClient c = RawApiClient.connect(port, "127.0.0." + (1 + i));
            clients.add(c);
            held.add(c);
            // Served, so counted: the limit applies from here on.
            c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            c.readHead();
            assertEquals(200, c.status());
        }
        RawApiClient waiting = RawApiClient.connect(port, "127.0.0.4");
        clients.add(waiting);
        waiting.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        waiting.readTimeout(1_000);
        assertFalse(answered(waiting), "a fourth connection waits while three are open");
        held.get(0).close();
        waiting.readTimeout(5_000);
        waiting.readHead();
        assertEquals(200, waiting.status(), "and is served once one closes");
    }

    @Test
    @AttackCase(value = "event streams: a bounded flood (600 requests, 4 addresses)",
            expected = "held to the caps, no thread per stream, the edge answers meanwhile, streams admitted again "
                    + "once the flood leaves")
    void aFloodOfStreamsNeitherSlowsTheEdgeNorOutlivesItsClients() throws Exception {
        start(ApiLimits.DEFAULTS);
        String alice = signupAndLogin(http, server, "alice@example.com");
        int port = server.config().apiPort();
        List<RawApiClient> flood = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            RawApiClient c = RawApiClient.connect(port, "127.0.0." + (11 + i % 4));
            clients.add(c);
            flood.add(c);
            c.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice
                    + "\r\nAccept: text/event-stream\r\n\r\n");
        }
        int admitted = 0;
        int refused = 0;
        int closed = 0;
        for (RawApiClient c : flood) {
            if (!answered(c)) {
                closed++;
            } else if (c.status() == 200) {
                admitted++;
            } else {
                assertEquals(429, c.status());
                refused++;
            }
        }
        assertEquals(10, admitted, "the account's 10 streams");
        assertEquals(4 * 100 - 10, refused, "the rest of the 100 connections each address may have");
        assertEquals(4 * 50, closed, "closed at once past those");
        assertEquals("HTTP/1.1 404 Not Found", visit(server.config().httpPort()), "the edge still answers");
        assertEquals(200, health(port, "127.0.0.20"), "another address still reaches the API");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("JavalinDefaultAsyncThreadPool")),
                "no thread per stream start");
        for (RawApiClient c : flood) {
            c.close();
        }
        RawApiClient after = await().atMost(Duration.ofSeconds(5)).until(() -> stream(alice, "127.0.0.11"),
                c -> c.status() == 200);
        assertTrue(after.ready(), "the API serves streams again once the flood has left");
    }

    /** A visitor's request to the edge for a name that is no socket; the status line of the answer. */
    private static String visit(int httpPort) throws IOException {
        try (RawApiClient c = RawApiClient.connect(httpPort, "127.0.0.30")) {
            c.send("GET / HTTP/1.1\r\nHost: no-such-name.localhost\r\nConnection: close\r\n\r\n");
            return c.line();
        }
    }

    private static boolean answered(RawApiClient c) {
        try {
            c.readHead();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int health(int port, String from) throws IOException {
        try (RawApiClient c = RawApiClient.connect(port, from)) {
            c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            c.readHead();
            return c.status();
        }
    }
}

// A keep-alive origin that stops between two visits: the next request gets the "could not reach" page at once,
// whether it comes on the visitor's kept-alive connection or on a new one. The origin's close reaches the agent
// while a stream still holds its connection, which must then not go back to the pool half-closed.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoppedOriginTest {
    @TempDir
    Path dir;
    Harness h;
    HttpServer origin;
    TunnelAgent agent;
    Harness.Tunnel tunnel;

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = TestServers.origin(ex -> "hello from the origin at " + ex.getRequestURI());
        tunnel = h.create();
        agent = h.connectAndAwaitOnline(tunnel, origin.getAddress().getPort(), new RecordingListener());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        origin.stop(0);
        h.close();
    }

    /** A GET through the edge that must end within 10 s: a hang fails the test instead of blocking it. */
    private HttpResponse<String> visit(HttpClient client) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.server.config().httpPort()
                + "/page")).header("Host", tunnel.socket().dnsName()).timeout(Duration.ofSeconds(10)).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertCouldNotReach(HttpResponse<String> res) {
        assertEquals(502, res.statusCode());
        assertTrue(res.body().contains("could not reach"), res.body());
    }

    @Test
    void theKeptAliveVisitorGetsTheErrorPage() throws Exception {
        HttpClient visitor = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, visit(visitor).statusCode());
        origin.stop(0);
        assertCouldNotReach(visit(visitor));
    }

    /** As the desktop's test visits: a new client each time, the default one (it offers h2c, refused). */
    @Test
    void aNewVisitorGetsTheErrorPage() throws Exception {
        assertEquals(200, visit(HttpClient.newHttpClient()).statusCode());
        origin.stop(0);
        assertCouldNotReach(visit(HttpClient.newHttpClient()));
    }
}

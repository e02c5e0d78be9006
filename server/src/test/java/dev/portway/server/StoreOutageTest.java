// A server whose PostgreSQL store hangs (every database process frozen with SIGSTOP) and then is down (stopped):
// /readyz answers 503 naming the store within 2 s, and API calls that need the store answer 503 store_unavailable
// within seconds instead of hanging or failing with a 500; once the database is back, so is the server.
package dev.portway.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.reliability.AttackCase;
import dev.portway.server.store.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class StoreOutageTest {
    /** What the issue asks of /readyz. */
    private static final Duration READY_BOUND = Duration.ofSeconds(2);
    /** A store call: the pool's 2 s wait for a connection, and the 1 s proof that an idle one is alive. */
    private static final Duration CALL_BOUND = Duration.ofMillis(3_500);
    private static final String CREDENTIALS = "{\"email\":\"alice@example.com\",\"password\":\"password1\"}";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @AttackCase(value = "PostgreSQL frozen (SIGSTOP), then stopped",
            expected = "/readyz 503 naming store within 2 s, sign-in 503 store_unavailable fast, all well again once "
                    + "the database is back")
    void aHungOrStoppedDatabaseIsReportedFastAndTheServerRecovers() throws Exception {
        PostgresServer database = PostgresServer.startOwn();
        try {
            String name = database.createDatabase();
            try (PortwayServer server = PortwayServer.start(TestServers.config(dir)
                    .withStore(database.location(name)))) {
                assertEquals(201, ApiCalls.call(http, server, "POST", "accounts", null, CREDENTIALS).status());
                assertEquals(200, readyz(server).statusCode());

                database.freeze(true);
                try {
                    assertStoreUnavailable(server);
                } finally {
                    database.freeze(false);
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> readyz(server).statusCode() == 200);
                assertEquals(200, ApiCalls.call(http, server, "POST", "login", null, CREDENTIALS).status());

                database.stop();
                assertStoreUnavailable(server);
            }
        } finally {
            database.stop();
        }
    }

    private void assertStoreUnavailable(PortwayServer server) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> ready = readyz(server);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("\"store\""), ready.body());
        assertTrue(took.compareTo(READY_BOUND) < 0, "/readyz took " + took.toMillis() + " ms");

        started = System.nanoTime();
        Reply login = ApiCalls.call(http, server, "POST", "login", null, CREDENTIALS);
        took = Duration.ofNanos(System.nanoTime() - started);
        ApiCalls.assertError(login, 503, "store_unavailable");
        assertTrue(took.compareTo(CALL_BOUND) < 0, "the sign-in took " + took.toMillis() + " ms");
    }

    private HttpResponse<String> readyz(PortwayServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.config().apiPort()
                + "/readyz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

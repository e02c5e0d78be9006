// End to end: "connect --log-format json" as a real process, a visitor's request with a bearer token, a cookie and a
// token in the query through a real tunnel; the origin gets them intact, the JSON log line prints none of them.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.Json;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class ConnectRedactionTest extends ServerTestCase {
    HttpServer origin;
    final CompletableFuture<String> received = new CompletableFuture<>();
    ApiClient api;
    String token;
    CliProcess cli;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(ProcessTestServers.config(dir));
        origin = TestServers.origin(ex -> {
            received.complete(ex.getRequestURI() + " | " + ex.getRequestHeaders().getFirst("Authorization") + " | "
                    + ex.getRequestHeaders().getFirst("Cookie"));
            ex.getResponseHeaders().add("Set-Cookie", "sid=fr3sh; Path=/; HttpOnly");
            return "ok";
        });
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + server.config().apiPort(), null);
        anonymous.signup("secret@example.com", "password1");
        token = anonymous.login("secret@example.com", "password1").token();
        api = anonymous.withToken(token);
    }

    @AfterEach
    void stop() {
        if (cli != null) {
            cli.close();
        }
        origin.stop(0);
    }

    @Test
    void theJsonLogPrintsNoSecretWhileTheOriginGetsThemAll() throws Exception {
        cli = CliProcess.java(Main.class, Map.of("PORTWAY_SERVER", api.server(), "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", dir.resolve("cfg").toString()), "connect", "--port",
                Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1", "--log-format", "json");
        URI url = URI.create(cli.onlineUrl());
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.getPort()
                        + "/hook?token=abc&page=2"))
                .header("Host", url.getHost() + ":" + url.getPort())
                .header("Authorization", "Bearer s3cret").header("Cookie", "sid=c00kie").build();
        HttpResponse<String> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertEquals("sid=fr3sh; Path=/; HttpOnly", res.headers().firstValue("Set-Cookie").orElseThrow());
        assertEquals("/hook?token=abc&page=2 | Bearer s3cret | sid=c00kie", received.get(10, TimeUnit.SECONDS),
                "the origin got every secret intact");

        await().atMost(Duration.ofSeconds(10)).until(() -> cli.lines.stream().anyMatch(l -> l.contains("/hook")));
        cli.sigterm();
        assertTrue(cli.process.waitFor(30, TimeUnit.SECONDS), cli.output());
        List<String> printed = cli.allLines();
        for (String secret : List.of("s3cret", "token=abc", "c00kie", "fr3sh")) {
            assertFalse(printed.stream().anyMatch(l -> l.contains(secret)), secret + " printed:\n" + cli.output());
        }
        String line = printed.stream().filter(l -> l.contains("/hook")).findFirst().orElseThrow();
        JsonNode logged = Json.mapper().readTree(line);
        assertEquals("/hook?token=[redacted]&page=2", logged.get("path").asText());
        assertTrue(line.contains("Bearer [redacted]") && line.contains("sid=[redacted]; Path=/; HttpOnly")
                && line.contains("sid=[redacted]"), line);
    }
}

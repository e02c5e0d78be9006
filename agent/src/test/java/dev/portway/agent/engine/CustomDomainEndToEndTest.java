// Custom domains end to end: a real server proving the names through a real DNS server (pebble-challtestsrv as
// --resolver), a real agent and origin, and real clients: OkHttp and curl with the custom Host on the HTTP and
// HTTPS ports, and a TLS client sending the custom name as SNI to a tls socket. Never served before the TXT record
// is seen, nor after removal.
package dev.portway.agent.engine;

import static dev.portway.agent.engine.TlsProbe.exchange;
import static dev.portway.agent.engine.TlsProbe.fingerprint;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class CustomDomainEndToEndTest {
    @TempDir
    Path dir;
    ChallTestSrv dns;
    Harness h;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
        Path data = dir.resolve("data");
        h = new Harness(data, TestServers.config(data).withNames(dns.names()));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        dns.close();
    }

    /** PATCHes the socket's custom domains; the socket as answered. */
    private JsonNode setDomains(String socketId, String list) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.server.config().apiUrl()
                        + "/api/v1/sockets/" + socketId)).header("Authorization", "Bearer " + h.token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"custom_domains\":" + list + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    /** Adds the domain, publishes its TXT record, and waits until the server has verified it. */
    private void prove(String socketId, String name) throws Exception {
        JsonNode d = setDomains(socketId, "[\"" + name + "\"]").get("custom_domains").get(0);
        assertEquals("pending", d.get("status").asText());
        dns.setTxt(d.get("txt_name").asText(), d.get("txt_value").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> h.api.socket(socketId).customDomains().get(0).status()
                .equals("verified"));
    }

    private String get(String host, String path) throws IOException {
        try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(host, path)).build()).execute()) {
            return r.code() + " " + r.body().string();
        }
    }

    @Test
    void aVerifiedDomainServesTheSocketsOriginOnBothPortsUntilRemoved() throws Exception {
        try (Origin origin = new Origin()) {
            Harness.Tunnel t = h.create("http");
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                String id = t.socket().socketId();
                assertEquals("200 hello world", get(t.socket().dnsName(), "/hello"));
                assertTrue(get("app.example.org", "/hello").startsWith("404 "), "unknown before anything");

                JsonNode d = setDomains(id, "[\"app.example.org\"]").get("custom_domains").get(0);
                assertTrue(get("app.example.org", "/hello").startsWith("404 "), "pending: never served");
                dns.setTxt(d.get("txt_name").asText(), d.get("txt_value").asText());
                // Polled through the API: every unknown name a visitor asks for counts against its address.
                await().atMost(Duration.ofSeconds(30)).until(() -> h.api.socket(id).customDomains().get(0).status()
                        .equals("verified"));
                assertEquals("200 hello custom", get("app.example.org", "/hello?i=custom"));

                int https = h.server.config().httpsPort();
                // -k: the custom name's own certificate comes from ACME (another part); here the edge still shows
                // the server's self-signed one. What is under test is routing by SNI and Host.
                Process curl = new ProcessBuilder("curl", "-sS", "-k", "--max-time", "20", "--resolve",
                        "app.example.org:" + https + ":127.0.0.1", "https://app.example.org:" + https
                        + "/hello?i=curl").redirectErrorStream(true).start();
                String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, curl.exitValue(), out);
                assertEquals("hello curl", out);

                // One connection may carry the socket's own name and its custom domains, as one site.
                assertEquals("200 hello world", get(t.socket().dnsName(), "/hello"));
                assertEquals("200 hello again", get("app.example.org", "/hello?i=again"));
                setDomains(id, "[]");
                assertTrue(!get("app.example.org", "/hello").startsWith("200 "), "not on a kept-alive connection");
                h.visitor.connectionPool().evictAll();
                assertTrue(get("app.example.org", "/hello").startsWith("404 "), "removed: not served at once");
                assertEquals("200 hello world", get(t.socket().dnsName(), "/hello"), "the socket's own name stays");
            }
        }
    }

    @Test
    void aTlsSocketIsReachedBySniOfItsVerifiedDomain() throws Exception {
        try (TlsOrigin origin = new TlsOrigin()) {
            Harness.Tunnel t = h.create("tls");
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                int https = h.server.config().httpsPort();
                assertThrows(IOException.class, () -> exchange(https, "db.example.org"), "unknown name");
                prove(t.socket().socketId(), "db.example.org");
                assertEquals(fingerprint(origin.certificate), exchange(https, "db.example.org"),
                        "passed through untouched to the socket's origin");
                setDomains(t.socket().socketId(), "[]");
                assertThrows(IOException.class, () -> exchange(https, "db.example.org"), "removed");
            }
        }
    }
}

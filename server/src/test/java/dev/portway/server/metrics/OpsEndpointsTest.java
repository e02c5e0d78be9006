// The operator's endpoints on a real server over real HTTP: /healthz, /readyz (with the store really gone),
// /metrics on the API port or on --metrics-port, and API timings labelled by route template.
package dev.portway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.Main;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.reliability.AttackCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpsEndpointsTest extends ServerTestCase {
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Scrape scrape() throws Exception {
        return Scrape.fetch(http, "http://127.0.0.1:" + server.config().apiPort() + "/metrics");
    }

    @Test
    void healthzSaysOkWithoutSignIn() throws Exception {
        server = servers.start(dir);
        HttpResponse<String> r = get(server.config().apiPort(), "/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
    }

    @Test
    void readyzTurnsUnreadyWhenTheStoreIsGone() throws Exception {
        server = servers.start(dir);
        int api = server.config().apiPort();
        HttpResponse<String> ready = get(api, "/readyz");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("ok", Json.mapper().readTree(ready.body()).get("status").asText());

        server.store().close();

        HttpResponse<String> gone = get(api, "/readyz");
        assertEquals(503, gone.statusCode(), gone.body());
        JsonNode body = Json.mapper().readTree(gone.body());
        assertEquals("unready", body.get("status").asText());
        assertEquals("[\"store\"]", body.get("unready").toString());
        assertEquals(200, get(api, "/healthz").statusCode(), "alive, though not ready");
    }

    @Test
    void readyzNamesTheListenersADrainClosed() throws Exception {
        server = servers.start(dir);
        server.drain(Duration.ZERO);
        HttpResponse<String> r = get(server.config().apiPort(), "/readyz");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("[\"tunnel listener\",\"http listener\",\"https listener\"]",
                Json.mapper().readTree(r.body()).get("unready").toString());
    }

    @Test
    void apiTimingsAreLabelledByRouteTemplateNeverByRawPath() throws Exception {
        server = servers.start(dir);
        int api = server.config().apiPort();
        String before = "portway_api_requests_seconds_count";
        Scrape first = scrape();
        for (String id : new String[]{"sock-one", "sock-two", "sock-three"}) {
            assertEquals(401, get(api, "/api/v1/sockets/" + id).statusCode());
        }
        assertEquals(404, get(api, "/no/such/" + "path").statusCode());
        Scrape second = scrape();

        String[] socket = {"route=/api/v1/sockets/{socket_id}", "method=GET", "status=4xx"};
        assertEquals(3, second.value(before, socket) - first.value(before, socket));
        assertEquals(1, second.value(before, "route=unmatched", "status=4xx")
                - first.value(before, "route=unmatched", "status=4xx"));
        assertTrue(second.has("portway_api_requests_seconds_bucket", socket), "a histogram, for quantiles");
        String text = String.join("\n", second.samples());
        assertFalse(text.contains("sock-one") || text.contains("/no/such"), "no raw path becomes a label");
    }

    @Test
    void anEventStreamIsNoRequestToTime() throws Exception {
        server = servers.start(dir);
        String base = "http://127.0.0.1:" + server.config().apiPort() + "/api/v1/";
        String creds = "{\"email\":\"ops@example.com\",\"password\":\"password1\"}";
        http.send(HttpRequest.newBuilder(URI.create(base + "accounts"))
                .POST(HttpRequest.BodyPublishers.ofString(creds)).build(), HttpResponse.BodyHandlers.discarding());
        String token = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "login"))
                .POST(HttpRequest.BodyPublishers.ofString(creds)).build(), HttpResponse.BodyHandlers.ofString())
                .body()).get("token").asText();
        HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(base + "events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(events.body()))) {
            assertTrue(lines.readLine().startsWith("event: ready"), "the stream is open");
            Scrape open = scrape();
            assertTrue(open.has("portway_api_requests_seconds_count", "route=/api/v1/login"), "requests are timed");
            assertFalse(open.has("portway_api_requests_seconds_count", "route=/api/v1/events"),
                    "an open stream's time is no request latency");
        }
    }

    @Test
    void theScrapeIsAllPortwayAndHasTheJvm() throws Exception {
        server = servers.start(dir);
        Scrape s = scrape();
        for (String name : s.names()) {
            assertTrue(name.startsWith("portway_"), name);
        }
        for (String jvm : new String[]{"portway_jvm_memory_used_bytes", "portway_jvm_threads_live_threads",
                "portway_jvm_classes_loaded_classes", "portway_process_uptime_seconds",
                "portway_process_files_open_files", "portway_system_cpu_count"}) {
            assertTrue(s.has(jvm), jvm + " in " + s.names());
        }
        assertEquals(0, s.value("portway_tunnels_online"));
        assertEquals(0, s.value("portway_visitor_connections_total", "edge=tls"));
        assertTrue(s.has("portway_link_failures_total", "reason=unauthorized"), "failure counters start at 0");
    }

    @Test
    void theUdpSeriesAreThereFromTheStartAtZero() throws Exception {
        server = servers.start(dir);
        Scrape s = scrape();
        for (String direction : new String[]{"direction=in", "direction=out"}) {
            assertTrue(s.has("portway_udp_datagrams_total", direction), direction + " in " + s.names());
            assertEquals(0, s.value("portway_udp_datagrams_total", direction));
            assertTrue(s.has("portway_udp_payload_bytes_total", direction), direction + " in " + s.names());
            assertEquals(0, s.value("portway_udp_payload_bytes_total", direction));
        }
        assertTrue(s.has("portway_udp_flows_opened_total") && s.has("portway_udp_flows_open"), s.names().toString());
        assertEquals(0, s.value("portway_udp_flows_opened_total"));
        assertEquals(0, s.value("portway_udp_flows_open"));
        for (UdpDrop reason : UdpDrop.values()) {
            assertTrue(s.has("portway_udp_dropped_total", "reason=" + reason.label()), reason + " listed from start");
            assertEquals(0, s.value("portway_udp_dropped_total", "reason=" + reason.label()));
        }
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        for (String name : s.names()) {
            if (name.startsWith("portway_udp_")) {
                assertTrue(operations.contains("`" + name + "`"), name + " is listed in docs/operations.md");
            }
        }
        for (UdpDrop reason : UdpDrop.values()) {
            assertTrue(operations.contains("| `" + reason.label() + "` |"), reason + " is explained there");
        }
        assertTrue(s.has("portway_visitor_connections_total", "edge=udp"), "new flows counted as udp visitors");
        assertEquals(0, s.value("portway_visitor_connections_total", "edge=udp"));
    }

    @Test
    void metricsPortServesMetricsThereAndNotOnTheApiPort() throws Exception {
        server = servers.start(TestServers.config(dir).withMetricsPort(0));
        int port = server.config().metricsPort();
        assertTrue(port > 0 && port != server.config().apiPort());
        Scrape s = Scrape.fetch(http, "http://127.0.0.1:" + port + "/metrics");
        assertTrue(s.has("portway_tunnels_online"));
        HttpResponse<String> onApi = get(server.config().apiPort(), "/metrics");
        assertEquals(404, onApi.statusCode(), onApi.body());
        assertEquals(404, get(port, "/api/v1/server").statusCode(), "the metrics port serves metrics only");
        assertEquals(200, get(server.config().apiPort(), "/healthz").statusCode());
    }

    @Test
    @AttackCase(value = "/metrics in plain HTTP on an HTTPS API",
            expected = "403 tls_required, as every other API path; the probes still answer")
    void withAnHttpsApiTheProbesAnswerPlainHttpButTheScrapeTakesHttpsOnly() throws Exception {
        server = servers.start(TestServers.config(dir).withApiTls(true));
        int api = server.config().apiPort();
        assertEquals(200, get(api, "/healthz").statusCode());
        assertEquals(200, get(api, "/readyz").statusCode());
        HttpResponse<String> plain = get(api, "/metrics");
        assertEquals(403, plain.statusCode(), plain.body());
        assertEquals("tls_required", Json.mapper().readTree(plain.body()).at("/error/code").asText());
        assertFalse(plain.body().contains("portway_"), "nothing of the scrape in the clear");
        HttpClient tls = TestServers.trusting(TestServers.certificate(dir));
        assertTrue(Scrape.fetch(tls, "https://127.0.0.1:" + api + "/metrics").has("portway_tunnels_online"),
                "over TLS, from this machine");
        assertEquals(403, get(api, "/api/v1/server").statusCode(), "the API itself still takes HTTPS only");
    }

    private HttpResponse<String> getMetrics(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.config().apiPort()
                + "/metrics"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Loopback means the connection's own address (InetAddress.isLoopbackAddress: 127.0.0.0/8, ::1) with no
     * Forwarded or X-Forwarded-For header: a proxy on this machine relays callers from elsewhere, which is how a
     * test on loopback reaches the token path (MetricsGuardTest covers a remote address itself).
     */
    @Test
    @AttackCase(value = "/metrics from off this machine",
            expected = "401 without or with a wrong bearer token; 200 with the token of --metrics-token-file")
    void aRelayedCallerNeedsTheTokenFromTheFile() throws Exception {
        Path file = dir.resolve("metrics.token");
        java.nio.file.Files.writeString(file, "  s3cret-metrics-token\n");
        server = servers.start(TestServers.config(dir).withMetricsTokenFile(file));
        String relayed = "X-Forwarded-For";
        assertEquals(200, getMetrics().statusCode(), "this machine itself needs no token");
        HttpResponse<String> none = getMetrics(relayed, "203.0.113.9");
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("unauthorized", Json.mapper().readTree(none.body()).at("/error/code").asText());
        assertEquals("Bearer realm=\"metrics\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertFalse(none.body().contains("portway_"));
        assertEquals(401, getMetrics(relayed, "203.0.113.9", "Authorization", "Bearer s3cret-metrics-toke")
                .statusCode());
        assertEquals(401, getMetrics("Forwarded", "for=203.0.113.9", "Authorization", "Basic s3cret-metrics-token")
                .statusCode());
        HttpResponse<String> ok = getMetrics(relayed, "203.0.113.9", "Authorization", "Bearer s3cret-metrics-token");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(Scrape.of(ok.body()).has("portway_tunnels_online"));
    }

    @Test
    void withoutATokenFileOnlyThisMachineReadsTheMetrics() throws Exception {
        server = servers.start(dir);
        assertEquals(200, getMetrics().statusCode());
        HttpResponse<String> relayed = getMetrics("X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer x");
        assertEquals(403, relayed.statusCode(), relayed.body());
        assertEquals("forbidden", Json.mapper().readTree(relayed.body()).at("/error/code").asText());
    }

    @Test
    void anEmptyOrMissingTokenFileStopsTheStartWithOneLine() throws Exception {
        Path empty = dir.resolve("empty.token");
        java.nio.file.Files.writeString(empty, " \n");
        String ports = "--api-port=0 --http-port=0 --https-port=0 --tunnel-port=0 --bind=127.0.0.1";
        for (Path file : new Path[]{empty, dir.resolve("missing.token"), dir}) {
            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(ports.split(" ")));
                args.addAll(java.util.List.of("--data", dir.resolve("data").toString(), "--metrics-token-file",
                        file.toString()));
                code = Main.run(args.toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            String said = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, code, said);
            assertTrue(said.startsWith("portway server: --metrics-token-file " + file + ": "), said);
            assertEquals(1, said.lines().count(), said);
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("data")), "refused before anything was written");
    }

    @Test
    void aMetricsPortOutOfRangeIsOneLine() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("--metrics-port", "70000", "--data", dir.toString()));
        } finally {
            System.setErr(saved);
        }
        assertEquals("portway server: --metrics-port must be a port from 1 to 65535, not 70000",
                err.toString(StandardCharsets.UTF_8).strip());
    }
}

// SIGHUP to a running server (the real main, in a process of its own) reloads DATA/tls instead of ending the
// process: certbot's deploy hook can send it after a renewal.
package dev.portway.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Json;
import dev.portway.server.tls.Handshakes;
import dev.portway.server.tls.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class ReloadSignalTest {
    @TempDir
    Path dir;
    private CliProcess server;
    private Process process;
    private List<String> lines;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                server.close();
            }
        }
    }

    @Test
    void sighupReloadsTheCertificateAndTheServerKeepsRunning() throws Exception {
        int tcp = TestServers.freeRange(1);
        start("--data", dir.toString(), "--domain", "localhost", "--bind", "127.0.0.1", "--api-port", "0",
                "--http-port", "0", "--https-port", "0", "--tunnel-port", "0", "--tcp-ports", tcp + "-" + tcp);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("ready"));
        int api = port("api     http://127\\.0\\.0\\.1:(\\d+)/api/v1");
        int https = port("https   https://<name>\\.localhost:(\\d+)/");
        String tunnel = find("tunnel  127\\.0\\.0\\.1:\\d+ \\(TLS, sha256 ([0-9a-f]+)\\)");

        server.signal("HUP");
        // The files did not change: only the signal makes the server load them (and say so).
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
                .anyMatch(l -> l.contains("now serving the certificate for localhost")));
        assertTrue(process.isAlive(), "SIGHUP must not end the server");

        TestCa ca = new TestCa("Signal Test CA");
        TestCa.Issued renewed = ca.issue("localhost", "*.localhost");
        Handshakes.install(dir.resolve("tls"), renewed);
        server.signal("HUP");
        String name = socketName(api);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> Handshakes.fingerprint(
                Handshakes.served(https, name, ca.sslContext())).equals(Handshakes.fingerprint(renewed.leaf())));
        assertTrue(process.isAlive());
        assertEquals(tunnel, Json.mapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api + "/api/v1/server")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("tunnel_fingerprint").asText());
    }

    private void start(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CliProcess.javaCommand(Main.class, args));
        pb.environment().keySet().removeIf(k -> k.startsWith("PORTWAY_"));
        server = CliProcess.start(pb);
        process = server.process;
        lines = server.lines;
    }

    private String find(String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().map(p::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no line like " + regex + " in " + lines));
    }

    private int port(String regex) {
        return Integer.parseInt(find(regex));
    }

    /** A socket's name on the server: the HTTPS edge answers only for names it serves. */
    private static String socketName(int api) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String creds = "{\"email\":\"hup@example.com\",\"password\":\"password1\"}";
        post(http, api, "accounts", null, creds);
        String token = Json.mapper().readTree(post(http, api, "login", null, creds)).get("token").asText();
        return Json.mapper().readTree(post(http, api, "sockets", token, "{\"socket_type\":\"http\"}"))
                .get("dns_name").asText();
    }

    private static String post(HttpClient http, int api, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/v1/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}

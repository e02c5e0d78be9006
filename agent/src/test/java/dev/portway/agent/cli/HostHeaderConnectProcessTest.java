// "portway connect --host-header rewrite" as a real process: the start-up line says Host is rewritten, and the
// origin behind it sees its own address as Host while the visitor's name is in X-Forwarded-Host.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class HostHeaderConnectProcessTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    HttpServer origin;

    @BeforeEach
    void start() throws Exception {
        servers.start(ProcessTestServers.config(dir));
        origin = TestServers.origin(ex -> "Host " + ex.getRequestHeaders().getFirst("Host")
                + ", X-Forwarded-Host " + ex.getRequestHeaders().getFirst("X-Forwarded-Host"));
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    @Test
    void quickConnectWithRewriteSendsTheLocalServicesHost() throws Exception {
        ApiClient anonymous = new ApiClient(servers.server().config().apiUrl(), null);
        anonymous.signup("vite@example.com", "password1");
        String token = anonymous.login("vite@example.com", "password1").token();
        int port = origin.getAddress().getPort();
        try (CliProcess cli = ProcessTestServers.agent(servers.server().config().apiUrl(), token, dir.resolve("cfg"),
                "connect", "--port", Integer.toString(port), "--host", "127.0.0.1", "--host-header", "rewrite")) {
            URI url = URI.create(cli.onlineUrl());
            assertTrue(cli.lines.stream().anyMatch(l -> l.startsWith("online")
                    && l.endsWith("->  127.0.0.1:" + port + " (Host rewritten)")), cli.output());
            String visitorHost = url.getHost() + ":" + url.getPort();
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + url.getPort() + "/")).header("Host", visitorHost).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("Host 127.0.0.1:" + port + ", X-Forwarded-Host " + visitorHost, res.body());
        }
    }
}

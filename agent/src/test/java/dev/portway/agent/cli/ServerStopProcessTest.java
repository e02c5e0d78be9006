// "portway server" as a real process: SIGTERM drains (exits at once when nothing is in flight, waits for a
// download that is), and a second SIGTERM ends it without waiting; a server "portway up" started drains when its
// standard input closes.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.CliProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class ServerStopProcessTest {
    @TempDir
    Path dir;
    CliProcess cli;
    Process server;
    List<String> lines = List.of();
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        if (server != null) {
            server.destroyForcibly();
        }
    }

    /** Starts a server on free ports and returns its API URL, read from the lines it prints. */
    private String startServer() throws Exception {
        return startServer(java.util.Map.of());
    }

    private String startServer(java.util.Map<String, String> env) throws Exception {
        cli = CliProcess.java(dev.portway.server.Main.class, env, "--data",
                dir.resolve("data").toString(), "--bind", "127.0.0.1", "--api-port", "0", "--http-port", "0",
                "--https-port", "0", "--tunnel-port", "0", "--drain-timeout", "120");
        server = cli.process;
        lines = cli.lines;
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("ready"));
        return lines.stream().filter(l -> l.startsWith("api ")).findFirst().orElseThrow().split("\\s+")[1]
                .replace("/api/v1", "");
    }

    private int port(String prefix) {
        String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Integer.parseInt(line.replaceAll(".*:(\\d+)/.*", "$1"));
    }

    @Test
    void sigtermWithNothingInFlightStopsAtOnce() throws Exception {
        startServer();
        cli.sigterm();
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), String.join("\n", lines));
        assertEquals(0, server.exitValue(), String.join("\n", lines));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("stopped"));
    }

    @Test
    void aServerUpStartedStopsGracefullyWhenItsInputCloses() throws Exception {
        startServer(java.util.Map.of("PORTWAY_STOPPED_BY_UP", "1"));
        assertTrue(server.isAlive());
        // What "portway up" does to stop it, on Windows too, which has no SIGTERM.
        server.getOutputStream().close();
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), String.join("\n", lines));
        assertEquals(0, server.exitValue(), String.join("\n", lines));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("stopped"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("stopping:")), String.join("\n", lines));
    }

    @Test
    void aSecondSigtermDoesNotWaitForTheDownload() throws Exception {
        String api = startServer();
        ApiClient anonymous = new ApiClient(api, null);
        anonymous.signup("stop@example.com", "password1");
        ApiClient client = anonymous.withToken(anonymous.login("stop@example.com", "password1").token());
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, endless until the visitor goes away
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException e) {
                // the visitor is gone
            }
        });
        origin.start();
        cleanup.add(() -> origin.stop(0));
        SocketInfo socket = client.createSocket("big", "http");
        String tunnelId = client.createTunnel(socket.socketId()).tunnelId();
        TunnelAgent agent = TunnelLauncher.launch(client, socket.socketId(), tunnelId,
                new LocalTarget("127.0.0.1", origin.getAddress().getPort()), new AgentListener() { });
        cleanup.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.tunnels(socket.socketId()).get(0).status()
                .equals(dev.portway.protocol.api.TunnelInfo.ONLINE));
        Socket visitor = new Socket("127.0.0.1", port("http "));
        cleanup.add(visitor);
        visitor.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = visitor.getInputStream();
        assertTrue(in.readNBytes(1024 * 1024).length == 1024 * 1024, "the download is under way");

        cli.sigterm();
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.startsWith("stopping:")));
        assertTrue(server.isAlive(), "the first SIGTERM waits for the download in flight");
        cli.sigterm();
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the second SIGTERM does not wait");
        assertEquals(1, server.exitValue());
    }
}

// What stays loaded once a tunnel is up: "connect" and "tunnel connect" as real processes, their class loading logged
// by the JVM, load neither OkHttp (nor its Kotlin and Okio) nor Jackson.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class ConnectClassesTest extends ServerTestCase {
    private static final List<String> NOT_LOADED = List.of("okhttp3.", "okio.", "kotlin.", "com.fasterxml.");

    HttpServer origin;
    ApiClient api;
    String token;
    CliProcess cli;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(ProcessTestServers.config(dir));
        origin = TestServers.origin(ex -> "origin saw " + ex.getRequestURI());
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + server.config().apiPort(), null);
        anonymous.signup("light@example.com", "password1");
        token = anonymous.login("light@example.com", "password1").token();
        api = anonymous.withToken(token);
    }

    @AfterEach
    void stop() {
        if (cli != null) {
            cli.close();
        }
        origin.stop(0);
    }

    /** Runs the command until online, visits through it, stops it with SIGTERM; returns the classes it loaded. */
    private List<String> loaded(String... args) throws Exception {
        Path log = dir.resolve("classes-" + args[0] + ".log");
        List<String> cmd = new ArrayList<>(CliProcess.javaCommand(Main.class, args));
        cmd.add(1, "-Xlog:class+load=info:file=" + log);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("PORTWAY_SERVER", api.server(), "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", dir.resolve("cfg").toString()));
        cli = CliProcess.start(pb);
        URI url = URI.create(cli.onlineUrl());
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.getPort() + "/light"))
                .header("Host", url.getHost() + ":" + url.getPort()).build();
        HttpResponse<String> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals("origin saw /light", res.body(), "the tunnel carries a request");
        cli.sigterm();
        assertTrue(cli.process.waitFor(30, TimeUnit.SECONDS), cli.output());
        List<String> classes = Files.readAllLines(log).stream().filter(l -> l.contains(" source: "))
                .map(l -> l.replaceFirst("^.*\\[class,load\\] ", "").replaceFirst(" source: .*$", "")).toList();
        assertTrue(classes.contains(Main.class.getName()), "the log lists the classes loaded");
        return classes;
    }

    private static void assertNoneOf(List<String> classes) {
        List<String> heavy = classes.stream().filter(c -> NOT_LOADED.stream().anyMatch(c::startsWith)).toList();
        assertEquals(List.of(), heavy, "loaded on the connect path");
    }

    @Test
    void aQuickConnectLoadsNoHttpClientLibraryNorJackson() throws Exception {
        assertNoneOf(loaded("connect", "--port", Integer.toString(origin.getAddress().getPort()),
                "--host", "127.0.0.1", "--log-format", "json"));
        assertTrue(api.sockets().isEmpty(), "the socket was deleted on the way out, without them too");
    }

    @Test
    void aTunnelConnectLoadsNoHttpClientLibraryNorJackson() throws Exception {
        SocketInfo socket = api.createSocket("light", "http");
        String tunnel = api.createTunnel(socket.socketId()).tunnelId();
        assertNoneOf(loaded("tunnel", "connect", "--socket", socket.socketId(), "--tunnel", tunnel,
                "--port", Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1"));
    }
}

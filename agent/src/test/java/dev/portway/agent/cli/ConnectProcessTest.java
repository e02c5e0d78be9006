// "portway connect" and "portway tunnel connect" as real processes: URL, request lines, clean exit on SIGTERM.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.UdpLimits;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class ConnectProcessTest extends ServerTestCase {
    HttpServer origin;
    ApiClient api;
    CliProcess cli;
    Process process;
    List<String> lines = List.of();

    @BeforeEach
    void start() throws Exception {
        // A udp flow ends 1 s after its last datagram, so its line comes soon.
        server = servers.start(ProcessTestServers.config(dir).withUdp(new UdpLimits(Duration.ofSeconds(1), 1000,
                100)));
        origin = TestServers.origin(ex -> "origin saw " + ex.getRequestURI());
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + server.config().apiPort(), null);
        anonymous.signup("proc@example.com", "password1");
        api = anonymous.withToken(anonymous.login("proc@example.com", "password1").token());
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        origin.stop(0);
    }

    void launch(String... args) throws Exception {
        launchAgainst(api.server(), args);
    }

    void launchAgainst(String serverUrl, String... args) throws Exception {
        cli = ProcessTestServers.agent(serverUrl, token(), dir.resolve("cfg"), args);
        process = cli.process;
        lines = cli.lines;
    }

    private String token;

    String token() {
        if (token == null) {
            token = new ApiClient(api.server(), null).login("proc@example.com", "password1").token();
        }
        return token;
    }

    String onlineUrl() {
        return cli.onlineUrl();
    }

    /** Fetches through the edge on loopback with the socket's name in the Host header, as curl does for .localhost. */
    HttpResponse<String> visit(String url) throws Exception {
        URI u = URI.create(url);
        URI direct = URI.create("http://127.0.0.1:" + u.getPort() + "/hello?x=1");
        HttpRequest req = HttpRequest.newBuilder(direct).header("Host", u.getHost() + ":" + u.getPort()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The TCP ports the process listens on: its sockets' inodes (/proc/PID/fd) among the listening ones. */
    static List<Integer> listeningPorts(long pid) throws java.io.IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(pid), "fd"))) {
            for (java.nio.file.Path fd : fds.toList()) {
                try {
                    String link = java.nio.file.Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // not a socket of interest any more
                }
            }
        }
        List<Integer> ports = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)).stream().skip(1)
                    .toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    @Test
    void quickConnectServesAndDeletesItsSocketOnSigterm() throws Exception {
        launch("connect", "--port", Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1",
                "--inspect-port", "0");
        String url = onlineUrl();
        assertEquals(1, api.sockets().size());
        // Before any request came through, an import replays to the tunnel's service (not 409 no_service).
        URI inspector = URI.create(cli.line("inspect  ").split("\\s+")[1]);
        HttpClient local = HttpClient.newHttpClient();
        HttpResponse<String> imported = local.send(HttpRequest.newBuilder(inspector.resolve("/api/har"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"log\":{\"entries\":[{\"request\":{\"method\":"
                        + "\"GET\",\"url\":\"https://example.com/imported\"},\"response\":{\"status\":200}}]}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
        String id = imported.body().strip().replaceAll(".*\"ids\":\\[(\\d+)].*", "$1");
        HttpResponse<String> replayed = local.send(HttpRequest.newBuilder(inspector.resolve("/api/exchanges/" + id
                + "/replay")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertTrue(replayed.body().contains("origin saw /imported"), replayed.body());
        HttpResponse<String> res = visit(url);
        assertEquals(200, res.statusCode());
        assertEquals("origin saw /hello?x=1", res.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
                .anyMatch(l -> l.matches("GET /hello\\?x=1 200 \\d+ ms 21 B")));
        // The inspector it serves (any free port, asked with 0) lists the request.
        assertEquals("127.0.0.1", inspector.getHost());
        String listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(inspector.resolve("/api/exchanges"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(listed.contains("\"method\":\"GET\",\"path\":\"/hello?x=1\",\"status\":200"), listed);
        assertEquals(List.of(inspector.getPort()), listeningPorts(process.pid()), "the inspector is all it serves");
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join("\n", lines));
        assertTrue(api.sockets().isEmpty(), "quick connect deletes its socket on exit");
        assertFalse(lines.stream().anyMatch(l -> l.contains("Exception")), String.join("\n", lines));
    }

    /**
     * Two agents on one machine, both on the default inspector port: the second takes the next free one, and each
     * answers its own API. (4040 may be taken on this host already: then both move on, still to different ports.)
     */
    @Test
    void twoConnectsOnTheDefaultInspectorPortGetTwoPorts() throws Exception {
        String[] args = {"connect", "--port", Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1"};
        try (CliProcess one = ProcessTestServers.agent(api.server(), token(), dir.resolve("cfg1"), args);
             CliProcess two = ProcessTestServers.agent(api.server(), token(), dir.resolve("cfg2"), args)) {
            List<URI> inspectors = List.of(one, two).stream()
                    .map(p -> URI.create(p.line("inspect  ").split("\\s+")[1])).toList();
            assertTrue(inspectors.get(0).getPort() != inspectors.get(1).getPort(), inspectors.toString());
            for (URI inspector : inspectors) {
                assertTrue(inspector.getPort() >= 4040 && inspector.getPort() < 4060, inspector.toString());
                HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(inspector
                        .resolve("/api/exchanges")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, listed.statusCode(), inspector + ": " + listed.body());
                assertTrue(listed.body().startsWith("{\"exchanges\":["), listed.body());
            }
        }
    }

    @Test
    void quickConnectWithASubdomainServesAtThatNameAndFreesItOnExit() throws Exception {
        launch("connect", "--port", Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1",
                "--subdomain", "myapp", "--no-inspect");
        String url = onlineUrl();
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("inspect")), "--no-inspect: no inspector\n"
                + cli.output());
        assertEquals(List.of(), listeningPorts(process.pid()), "--no-inspect: it listens on no port");
        assertEquals("http://myapp.localhost:" + server.config().httpPort() + "/", url);
        HttpResponse<String> res = visit(url);
        assertEquals(200, res.statusCode());
        assertEquals("origin saw /hello?x=1", res.body(), "the edge routes myapp.localhost to the tunnel's origin");
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
        assertTrue(api.sockets().isEmpty(), "made for the run, deleted on exit: the name is free again");
    }

    @Test
    void connectWithTheSubdomainOfYourOwnSocketServesItAndKeepsIt() throws Exception {
        SocketInfo socket = api.createSocket(new dev.portway.protocol.api.CreateSocket("home", "http", null, null,
                null, null, "home"));
        launch("connect", "--port", Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1",
                "--subdomain", "Home");
        assertEquals(socket.url(), onlineUrl());
        assertEquals(200, visit(socket.url()).statusCode());
        assertEquals(1, api.tunnels(socket.socketId()).size());
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
        assertEquals(List.of(socket.socketId()), api.sockets().stream().map(SocketInfo::socketId).toList(),
                "your own socket is kept");
        assertTrue(api.tunnels(socket.socketId()).isEmpty(), "the run's tunnel is deleted");
    }

    @Test
    void quickConnectOfATcpPortPrintsItsAddressAndAnSshHint() throws Exception {
        launch("connect", "--port", "22", "--type", "tcp");
        String url = onlineUrl();
        SocketInfo socket = api.sockets().get(0);
        assertEquals("tcp", socket.socketType());
        assertEquals(socket.url(), url);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("address  " + socket.address()));
        assertTrue(lines.contains("try      ssh -p " + socket.tcpPort() + " user@127.0.0.1"), String.join("\n", lines));
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join("\n", lines));
        assertTrue(api.sockets().isEmpty(), "quick connect deletes its tcp socket on exit");
    }

    /**
     * A udp quick connect makes a udp socket (a port of --udp-ports), goes online at its udp:// URL and prints the
     * address and, for a local DNS server, a dig line; nothing probes the local UDP port (none listens on 53 here).
     */
    @Test
    void quickConnectOfAUdpPortMakesAUdpSocketAndPrintsItsAddressAndADigHint() throws Exception {
        launch("connect", "--port", "53", "--type", "udp");
        String url = onlineUrl();
        SocketInfo socket = api.sockets().get(0);
        assertEquals("udp", socket.socketType());
        assertEquals(socket.dnsName() + ":" + socket.udpPort(), socket.address());
        assertEquals("udp://" + socket.address(), url);
        assertTrue(lines.stream().anyMatch(l -> l.equals("online  " + url + "  ->  localhost:53")), cli.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("address  " + socket.address()));
        assertTrue(lines.contains("try      dig @127.0.0.1 -p " + socket.udpPort() + " example.com"), cli.output());
        assertEquals("online", api.tunnels(socket.socketId()).get(0).status());
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
        assertTrue(api.sockets().isEmpty(), "quick connect deletes its udp socket on exit");
        assertFalse(cli.output().contains("Exception"), cli.output());
    }

    /**
     * tunnel connect serves an existing udp socket, which it keeps: a visitor's datagram reaches the local service
     * and its reply comes back; each flow is one line once idle, and a flow the service never answered says so.
     */
    @Test
    void tunnelConnectRelaysAUdpSocketsDatagramsAndKeepsIt() throws Exception {
        SocketInfo socket = api.createSocket("game server", "udp");
        String tunnelId = api.createTunnel(socket.socketId()).tunnelId();
        try (DatagramSocket local = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket visitor = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket unanswered = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String target = "127.0.0.1:" + local.getLocalPort();
            launch("tunnel", "connect", "--socket", socket.socketId(), "--tunnel", tunnelId, "--port",
                    Integer.toString(local.getLocalPort()), "--host", "127.0.0.1");
            assertEquals(socket.url(), onlineUrl());
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("address  " + socket.address()));
            assertTrue(lines.contains("try      nc -u 127.0.0.1 " + socket.udpPort()), cli.output());

            InetSocketAddress edge = new InetSocketAddress("127.0.0.1", socket.udpPort());
            visitor.send(new DatagramPacket("ping".getBytes(StandardCharsets.US_ASCII), 4, edge));
            local.setSoTimeout(10_000);
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            local.receive(got);
            assertEquals("ping", new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII));
            local.send(new DatagramPacket("pong!".getBytes(StandardCharsets.US_ASCII), 5, got.getSocketAddress()));
            visitor.setSoTimeout(10_000);
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            visitor.receive(reply);
            assertEquals("pong!", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));
            String flow = "udp 127.0.0.1:" + visitor.getLocalPort() + " closed ";
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(flow)));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(flow)
                    && l.endsWith(" ms in 1 datagrams 4 B out 1 datagrams 5 B")), cli.output());

            unanswered.send(new DatagramPacket("ping".getBytes(StandardCharsets.US_ASCII), 4, edge));
            String silent = "udp 127.0.0.1:" + unanswered.getLocalPort() + " closed ";
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(silent)));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(silent) && l.endsWith(" ms in 1 datagrams 4 B out "
                    + "0 datagrams 0 B (no reply from " + target + ": is a UDP service listening there?)")),
                    cli.output());
        }
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
        assertEquals(List.of(socket.socketId()), api.sockets().stream().map(SocketInfo::socketId).toList());
    }

    /** A port nobody listens on right now (free again once the probe closed). */
    private static int closedPort() {
        return TestServers.freeRange(1);
    }

    /** Not an ssh server: nc, not ssh; and a visitor the local service refused is one line, naming both. */
    @Test
    void aTcpShareOfAnotherPortSuggestsNcAndARefusedVisitorIsOneLine() throws Exception {
        int port = closedPort();
        launch("connect", "--port", Integer.toString(port), "--host", "127.0.0.1", "--type", "tcp",
                "--inspect-port", "0");
        onlineUrl();
        SocketInfo socket = api.sockets().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("address  " + socket.address()));
        assertTrue(lines.contains("try      nc 127.0.0.1 " + socket.tcpPort()), cli.output());
        String visitorAddress;
        try (java.net.Socket visitor = new java.net.Socket("127.0.0.1", socket.tcpPort())) {
            visitor.setSoTimeout(20_000);
            visitorAddress = "127.0.0.1:" + visitor.getLocalPort();
            assertEquals(-1, visitor.getInputStream().read(), "closed: nothing to relay to");
        }
        String failed = "failed: could not reach 127.0.0.1:" + port + " (connection refused)";
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.endsWith(failed)));
        List<String> said = lines.stream().filter(l -> l.contains("could not reach")).toList();
        assertEquals(1, said.size(), cli.output());
        assertTrue(said.get(0).matches("tcp 127\\.0\\.0\\.1:\\d+ " + java.util.regex.Pattern.quote(failed)),
                said.get(0));
        // The runner's inspector lists the connection too, with why it failed.
        URI inspector = URI.create(cli.line("inspect  ").split("\\s+")[1]);
        String listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(inspector.resolve("/api/connections"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(listed.contains("\"type\":\"tcp\",\"visitor\":\"" + visitorAddress + "\",\"socket_id\":\""
                + socket.socketId() + "\",\"state\":\"failed\""), listed);
        assertTrue(listed.contains("\"failure\":\"could not reach 127.0.0.1:" + port + " (connection refused)\""),
                listed);
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
    }

    /** An http socket has no line per connection: there, the local service's state is said as before. */
    @Test
    void anHttpShareOfAClosedPortSaysTheLocalServiceIsUnreachable() throws Exception {
        int port = closedPort();
        launch("connect", "--port", Integer.toString(port), "--host", "127.0.0.1");
        String url = onlineUrl();
        assertEquals(502, visit(url).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("local service unreachable: could not "
                + "reach 127.0.0.1:" + port + " (connection refused)"));
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), cli.output());
    }

    /** One JSON line per tcp connection, once it closed: its visitor, bytes each way and how long it was open. */
    @Test
    void jsonLogReportsEachTcpConnectionWithItsBytesAndDuration() throws Exception {
        SocketInfo socket = api.createSocket("ssh at home", "tcp");
        String tunnelId = api.createTunnel(socket.socketId()).tunnelId();
        byte[] request = new byte[1234];
        byte[] reply = new byte[56_789];
        java.util.Arrays.fill(reply, (byte) 'r');
        try (java.net.ServerSocket local = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            // The local service: reads the visitor's bytes, answers, and closes once the visitor has finished.
            java.util.concurrent.CompletableFuture<Integer> served = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try (java.net.Socket s = local.accept()) {
                            int got = s.getInputStream().readNBytes(request.length).length;
                            s.getOutputStream().write(reply);
                            s.getOutputStream().flush();
                            while (s.getInputStream().read() >= 0) {
                                got++;
                            }
                            return got;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            launch("tunnel", "connect", "--socket", socket.socketId(), "--tunnel", tunnelId, "--port",
                    Integer.toString(local.getLocalPort()), "--host", "127.0.0.1", "--log-format", "json");
            assertEquals(socket.url(), onlineUrl());
            long opened = System.nanoTime();
            long answered;
            long finishing;
            try (java.net.Socket visitor = new java.net.Socket("127.0.0.1", socket.tcpPort())) {
                visitor.getOutputStream().write(request);
                assertEquals(reply.length, visitor.getInputStream().readNBytes(reply.length).length);
                answered = System.nanoTime();
                // Held open until the server counts it: the connection lasts at least this long.
                await().atMost(Duration.ofSeconds(10)).until(() -> api.tunnels(socket.socketId()).get(0)
                        .openConnections() == 1);
                finishing = System.nanoTime();
                visitor.shutdownOutput();
                assertEquals(-1, visitor.getInputStream().read());
            }
            assertEquals(request.length, served.get(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"tcp\"")));
            long seen = System.nanoTime();
            List<String> logged = lines.stream().filter(l -> l.contains("\"tcp\"")).toList();
            assertEquals(1, logged.size(), String.join("\n", lines));
            com.fasterxml.jackson.databind.JsonNode c = dev.portway.protocol.Json.mapper().readTree(logged.get(0));
            assertEquals("tcp", c.get("type").asText());
            assertEquals(socket.socketId(), c.get("socket_id").asText());
            assertTrue(c.get("visitor").asText().startsWith("127.0.0.1:"), c.toString());
            assertEquals("done", c.get("state").asText());
            assertFalse(c.hasNonNull("failure"), c.toString());
            assertEquals(request.length, c.get("bytes_in").asLong());
            assertEquals(reply.length, c.get("bytes_out").asLong());
            long duration = c.get("duration_ms").asLong();
            assertTrue(duration >= (finishing - answered) / 1_000_000 - 1, c + " vs held "
                    + (finishing - answered) / 1_000_000 + " ms");
            assertTrue(duration <= (seen - opened) / 1_000_000 + 1, c + " vs " + (seen - opened) / 1_000_000 + " ms");
            java.time.Instant.parse(c.get("time").asText());
        }
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join("\n", lines));
    }

    @Test
    void sigtermStopsAnAgentStillWaitingForItsServer() throws Exception {
        int closed = TestServers.freeRange(1);
        launchAgainst("http://127.0.0.1:" + closed, "tunnel", "connect", "--socket", "s", "--tunnel", "t", "--port",
                "80");
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.startsWith("retrying in")));
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join("\n", lines));
    }

    @Test
    void tunnelConnectKeepsTheSocketAndItsUrl() throws Exception {
        SocketInfo socket = api.createSocket("home", "http");
        String tunnelId = api.createTunnel(socket.socketId()).tunnelId();
        launch("tunnel", "connect", "--socket_id", socket.socketId(), "--tunnel_id", tunnelId, "--port",
                Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1");
        String url = onlineUrl();
        assertEquals(socket.url(), url);
        assertEquals(200, visit(url).statusCode());
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(socket.socketId()), api.sockets().stream().map(SocketInfo::socketId).toList());
    }

    @Test
    void tunnelLsWatchPrintsWhereATunnelRunsAndItsTraffic() throws Exception {
        SocketInfo socket = api.createSocket("watched", "http");
        TunnelInfo tunnel = api.createTunnel(socket.socketId());
        launch("tunnel", "ls", "--socket", socket.socketId(), "--watch");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                lines.stream().anyMatch(l -> l.startsWith(tunnel.tunnelId() + "  offline")));
        try (var agent = dev.portway.agent.engine.TunnelLauncher.launch(api, socket.socketId(), tunnel.tunnelId(),
                new dev.portway.agent.engine.LocalTarget("127.0.0.1", origin.getAddress().getPort()),
                new dev.portway.agent.engine.AgentListener() { })) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                    .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  " + tunnel.tunnelId()
                            + "  online via another agent \\(.+, since \\d\\d:\\d\\d\\)")));
            assertEquals(200, visit(socket.url()).statusCode());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                    .anyMatch(l -> l.matches(".*" + tunnel.tunnelId() + "  in \\d+ B  out [0-9.]+ .?B  \\d+ open")));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  " + tunnel.tunnelId() + "  offline")));
    }
}

// Three server nodes on one PostgreSQL store, each on its own loopback address, with real agents connected to
// different nodes: every node serves every socket (HTTP and TCP) by relaying to the node that holds its link, a socket
// made on one node gets its port on all, and when a node dies its agents come back through the others. Nodes 0 and 2
// run in this JVM; node 1 is a process of its own ("portway server"), so that it can be killed with SIGKILL.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.portway.agent.reliability.Child;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.AdminAgent;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.store.ClusterStore;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
@Tag("postgres")
class ClusterTest {
    private static final String[] ADDRESSES = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
    private static final String TCP_PORTS = "24100-24199";

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    /** The nodes in this JVM (node 1, a child process, has none). */
    private final PortwayServer[] nodes = new PortwayServer[3];
    private final String[] apiUrls = new String[3];
    private final int[] httpPorts = new int[3];

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static Path dataOf(Path dir, int i) throws IOException {
        Path data = dir.resolve("node-" + i);
        if (i > 0) {
            // The nodes share one certificate: agents pin one fingerprint for all of them.
            Path tls = Files.createDirectories(data.resolve("tls"));
            for (String f : new String[]{"cert.pem", "key.pem"}) {
                Files.copy(dir.resolve("node-0/tls").resolve(f), tls.resolve(f));
            }
        }
        return data;
    }

    private void startNode(int i, StoreLocation store) throws Exception {
        ServerConfig config = ServerConfig.builder(dataOf(dir, i)).bind(ADDRESSES[i]).tcpPorts(TCP_PORTS)
                .store(store).build();
        PortwayServer server = PortwayServer.start(config);
        nodes[i] = server;
        apiUrls[i] = server.config().apiUrl();
        httpPorts[i] = server.config().httpPort();
        open.add(server);
    }

    /** The node as "portway server" in a JVM of its own, on free ports of its address; returns once it is ready. */
    private Child startNodeProcess(int i, String database) throws Exception {
        int[] ports = freePorts(ADDRESSES[i], 4);
        Child child = Child.java("cluster-node-" + i, dev.portway.server.Main.class,
                Map.of("PORTWAY_STORE_USER", PostgresServer.USER), List.of("-Xmx256m"),
                "--data", dataOf(dir, i).toString(), "--store", "postgres://127.0.0.1:" + PostgresServer.get().port()
                        + "/" + database, "--bind", ADDRESSES[i], "--api-port", "" + ports[0],
                "--http-port", "" + ports[1], "--https-port", "" + ports[2], "--tunnel-port", "" + ports[3],
                "--tcp-ports", TCP_PORTS);
        open.add(child);
        child.awaitLine(0, "ready"::equals, Duration.ofSeconds(30));
        apiUrls[i] = "http://" + ADDRESSES[i] + ":" + ports[0];
        httpPorts[i] = ports[1];
        return child;
    }

    private static int[] freePorts(String address, int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int k = 0; k < n; k++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(address, 0));
                ports[k] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static OkHttpClient visitorOf(String address) throws IOException {
        InetAddress to = InetAddress.getByName(address);
        return new OkHttpClient.Builder().dns(host -> List.of(to)).readTimeout(10, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false).build();
    }

    private String get(int node, String dnsName, String path) throws IOException {
        Request req = new Request.Builder()
                .url("http://" + dnsName + ":" + httpPorts[node] + path).build();
        try (Response res = visitorOf(ADDRESSES[node]).newCall(req).execute()) {
            return res.code() + " " + res.body().string();
        }
    }

    private static String echo(String address, int port, String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private TunnelAgent connect(ApiClient api, SocketInfo socket, TunnelInfo tunnel, int localPort)
            throws InterruptedException {
        return connect(api, socket, tunnel, localPort, new RecordingListener());
    }

    private TunnelAgent connect(ApiClient api, SocketInfo socket, TunnelInfo tunnel, int localPort,
                                RecordingListener listener) throws InterruptedException {
        TunnelAgent agent = TunnelLauncher.launch(api, socket.socketId(), tunnel.tunnelId(),
                new LocalTarget("127.0.0.1", localPort), listener);
        open.add(agent);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);
        return agent;
    }

    /** Every socket answers at every node still running, within the time given. */
    private void awaitEverywhere(List<Integer> running, SocketInfo web0, SocketInfo web2, SocketInfo tcp1,
                                 Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            for (int n : running) {
                assertEquals("200 hello from node 0", get(n, web0.dnsName(), "/hello?i=from%20node%200"));
                assertEquals("200 hello from node 2", get(n, web2.dnsName(), "/hello?i=from%20node%202"));
                assertEquals("ping from " + n, echo(ADDRESSES[n], tcp1.tcpPort(), "ping from " + n));
            }
        });
    }

    private static boolean listening(int node, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ADDRESSES[node], port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void kick(int node, String token, String tunnelId) throws IOException {
        Request req = new Request.Builder().url(apiUrls[node] + "/api/v1/admin/agents/" + tunnelId)
                .header("Authorization", "Bearer " + token).delete().build();
        try (Response res = new OkHttpClient().newCall(req).execute()) {
            assertEquals(204, res.code(), res.body().string());
        }
    }

    private List<AdminAgent> adminAgents(int node, String token) throws IOException {
        Request req = new Request.Builder().url(apiUrls[node] + "/api/v1/admin/agents")
                .header("Authorization", "Bearer " + token).build();
        try (Response res = new OkHttpClient().newCall(req).execute()) {
            String body = res.body().string();
            assertEquals(200, res.code(), body);
            return Json.mapper().readValue(body, new TypeReference<List<AdminAgent>>() { });
        }
    }

    @Test
    void everyNodeServesEverySocketAndAgentsMoveWhenANodeDies() throws Exception {
        String database = PostgresServer.get().createDatabase();
        StoreLocation store = PostgresServer.get().location(database);
        startNode(0, store);
        Child node1 = startNodeProcess(1, database);
        startNode(2, store);
        Origin origin = new Origin();
        open.add(origin);
        EchoServer echo = new EchoServer();
        open.add(echo::close);

        // One account, signed up on node 0; each agent starts from a different node's API.
        ApiClient anonymous = new ApiClient(apiUrls[0], null);
        anonymous.signup("cluster@example.com", "password1");
        String token = anonymous.login("cluster@example.com", "password1").token();
        ApiClient[] api = new ApiClient[3];
        for (int i = 0; i < 3; i++) {
            api[i] = new ApiClient(apiUrls[i], token);
        }
        SocketInfo web0 = api[0].createSocket("web0", "http");
        SocketInfo tcp1 = api[1].createSocket("tcp1", "tcp");
        SocketInfo web2 = api[2].createSocket("web2", "http");
        connect(api[0], web0, api[0].createTunnel(web0.socketId()), origin.port());
        connect(api[1], tcp1, api[1].createTunnel(tcp1.socketId()), echo.port());
        RecordingListener web2Agent = new RecordingListener();
        TunnelInfo web2Tunnel = api[2].createTunnel(web2.socketId());
        connect(api[2], web2, web2Tunnel, origin.port(), web2Agent);

        awaitEverywhere(List.of(0, 1, 2), web0, web2, tcp1, Duration.ofSeconds(10));

        // Node 0's API shows the tunnel that node 2 holds online, with its agent, as node 2's does.
        TunnelInfo seenFrom0 = api[0].tunnel(web2.socketId(), web2Tunnel.tunnelId());
        assertEquals(TunnelInfo.ONLINE, seenFrom0.status());
        assertEquals(api[2].tunnel(web2.socketId(), web2Tunnel.tunnelId()).agentHost(), seenFrom0.agentHost());

        // The admin's list of live agents, asked at any node, shows every node's links and which node holds each.
        ClusterStore shared = nodes[0].store().cluster();
        String node1Id = shared.liveNodes(System.currentTimeMillis()).stream()
                .filter(n -> n.address().equals(ADDRESSES[1])).findFirst().orElseThrow().nodeId();
        Map<String, String> holders = Map.of(web0.dnsName(), nodes[0].cluster().nodeId(), tcp1.dnsName(), node1Id,
                web2.dnsName(), nodes[2].cluster().nodeId());
        for (int n = 0; n < 3; n++) {
            List<AdminAgent> agents = adminAgents(n, token);
            assertEquals(holders, agents.stream().collect(Collectors.toMap(AdminAgent::dnsName, AdminAgent::node)),
                    "asked at node " + n);
        }

        // A tcp socket made on node 2 gets its port on every node at the next poll; deleted on node 0, it is gone
        // from every node as soon (a socket deleted before its own node's poll saw it: within two polls). The
        // bounds are for a loaded machine: the test checks that it happens, not how fast.
        SocketInfo late = api[2].createSocket("late", "tcp");
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(0, late.tcpPort())
                && listening(1, late.tcpPort()) && listening(2, late.tcpPort()));
        api[0].deleteSocket(late.socketId());
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(0, late.tcpPort())
                && !listening(1, late.tcpPort()) && !listening(2, late.tcpPort()));

        // An admin on node 0 kicks the link node 2 holds: it drops (and its agent dials again).
        int statuses = web2Agent.statuses.size();
        kick(0, token, web2Tunnel.tunnelId());
        await().atMost(Duration.ofSeconds(10)).until(() -> web2Agent.statuses.subList(statuses,
                web2Agent.statuses.size()).contains(AgentStatus.RETRYING));
        await().atMost(Duration.ofSeconds(10)).until(() -> web2Agent.status == AgentStatus.ONLINE);

        // Node 1 holds the tcp socket's link (its agent came through node 1's API) and is the one that goes, with
        // SIGKILL: its row and leases stay in the store until they expire, and its agent must come back through
        // another node.
        long now = System.currentTimeMillis();
        List<ClusterStore.Node> rows = shared.liveNodes(now).stream()
                .filter(n -> n.address().equals(ADDRESSES[1])).toList();
        assertEquals(1, rows.size());
        assertTrue(shared.liveLeases(now).stream().anyMatch(l -> l.nodeId().equals(rows.get(0).nodeId())
                && l.dnsName().equals(tcp1.dnsName())), "node 1 holds the tcp socket's link");
        node1.kill9();
        assertEquals(137, node1.awaitExit(Duration.ofSeconds(10)), "killed by SIGKILL");
        awaitEverywhere(List.of(0, 2), web0, web2, tcp1, Duration.ofSeconds(20));
    }
}

// Two server nodes in this JVM on one PostgreSQL store, each on its own loopback address, and one signed-in user: a
// visitor that enters node A reaches an agent linked to node B over the nodes' own link (the relayed path).
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.StoreLocation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

final class TwoNodes implements AutoCloseable {
    /** Addresses of their own, so the fixed --tcp-ports range below is shared with no other test. */
    static final String ENTRY = "127.0.0.21";
    static final String HOLDER = "127.0.0.22";
    private static final String TCP_PORTS = "24200-24299";

    private final List<AutoCloseable> open = new ArrayList<>();
    final PortwayServer entry;
    final PortwayServer holder;
    /** The user, through node A's API and through node B's. */
    final ApiClient entryApi;
    final ApiClient holderApi;

    TwoNodes(Path dir) throws Exception {
        StoreLocation store = PostgresServer.get().newDatabase();
        entry = start(dir, 0, ENTRY, store);
        holder = start(dir, 1, HOLDER, store);
        String email = "relay-" + UUID.randomUUID() + "@example.com";
        ApiClient anonymous = new ApiClient(entry.config().apiUrl(), null);
        anonymous.signup(email, "password1");
        String token = anonymous.login(email, "password1").token();
        entryApi = new ApiClient(entry.config().apiUrl(), token);
        holderApi = new ApiClient(holder.config().apiUrl(), token);
    }

    private PortwayServer start(Path dir, int i, String address, StoreLocation store) throws Exception {
        Path data = dir.resolve("node-" + i);
        if (i > 0) {
            // The nodes share one certificate: an agent pins one fingerprint for all of them.
            Path tls = Files.createDirectories(data.resolve("tls"));
            for (String f : new String[]{"cert.pem", "key.pem"}) {
                Files.copy(dir.resolve("node-0/tls").resolve(f), tls.resolve(f));
            }
        }
        ServerConfig config = ServerConfig.builder(data).bind(address).tcpPorts(TCP_PORTS).store(store)
                .build();
        PortwayServer server = PortwayServer.start(config);
        open.add(server);
        return server;
    }

    /**
     * A tcp socket whose agent (local service on localPort) is linked to node B; returns once node A relays to it.
     */
    SocketInfo tcpSocketHeldByB(int localPort, RecordingListener listener) throws Exception {
        SocketInfo socket = holderApi.createSocket("relayed", "tcp");
        TunnelInfo tunnel = holderApi.createTunnel(socket.socketId());
        TunnelAgent agent = TunnelLauncher.launch(holderApi, socket.socketId(), tunnel.tunnelId(),
                new LocalTarget("127.0.0.1", localPort), listener);
        open.add(agent);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);
        // Node A learns of the link from the store and dials node B: wait until a visitor there gets through.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> relays(socket.tcpPort()));
        return socket;
    }

    /**
     * A visitor at node A is held open rather than closed at once (as it is while no node has a link for the socket).
     * Sends nothing: the local service may be one that expects a protocol of its own (iperf3).
     */
    private static boolean relays(int port) throws IOException {
        try (Socket s = visit(port)) {
            s.setSoTimeout(500);
            try {
                return s.getInputStream().read() >= 0;
            } catch (java.net.SocketTimeoutException held) {
                return true;
            }
        }
    }

    /** A visitor entering node A on the socket's port. */
    static Socket visit(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(ENTRY, port), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}

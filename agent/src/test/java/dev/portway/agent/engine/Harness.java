// One real server with a signed-in user, a visitor HTTP client, and helpers to create and connect tunnels.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.StartupException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

final class Harness implements AutoCloseable {
    final Path dataDir;
    PortwayServer server;
    final ApiClient api;
    /** The signed-in user's API token; the server's first account, so its admin. */
    final String token;
    /** Resolves every name to loopback, as a browser does for *.localhost. */
    final OkHttpClient visitor = new OkHttpClient.Builder()
            .dns(host -> List.of(InetAddress.getLoopbackAddress()))
            .readTimeout(60, TimeUnit.SECONDS)
            .build();

    Harness(Path dataDir, ServerConfig config) throws StartupException {
        this.dataDir = dataDir;
        this.server = PortwayServer.start(config);
        String url = "http://127.0.0.1:" + server.config().apiPort();
        String email = "user-" + UUID.randomUUID() + "@example.com";
        ApiClient anonymous = new ApiClient(url, null);
        anonymous.signup(email, "password1");
        this.token = anonymous.login(email, "password1").token();
        this.api = anonymous.withToken(token);
    }

    /** Another account on the same server, signed in. */
    ApiClient newUser(String email) {
        ApiClient anonymous = new ApiClient(server.config().apiUrl(), null);
        anonymous.signup(email, "password1");
        return anonymous.withToken(anonymous.login(email, "password1").token());
    }

    static Harness start(Path dataDir) throws StartupException {
        return new Harness(dataDir, TestServers.config(dataDir));
    }


    String url(SocketInfo socket, String path) {
        return "http://" + socket.dnsName() + ":" + server.config().httpPort() + path;
    }

    String url(String dnsName, String path) {
        return "http://" + dnsName + ":" + server.config().httpPort() + path;
    }

    record Tunnel(SocketInfo socket, TunnelInfo tunnel) {
    }

    Tunnel create() {
        return create("http");
    }

    /** A socket of the type (http, https, tcp, tls) with one tunnel, not yet connected. */
    Tunnel create(String type) {
        SocketInfo socket = api.createSocket("test", type);
        return new Tunnel(socket, api.createTunnel(socket.socketId()));
    }

    TunnelAgent connect(Tunnel t, int localPort, AgentListener listener) throws InterruptedException {
        return TunnelLauncher.launch(api, t.socket().socketId(), t.tunnel().tunnelId(),
                new LocalTarget("127.0.0.1", localPort), listener);
    }

    TunnelAgent connectAndAwaitOnline(Tunnel t, int localPort, RecordingListener listener)
            throws InterruptedException {
        TunnelAgent agent = connect(t, localPort, listener);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);
        return agent;
    }

    /** Writes request to the edge's HTTP port as it is; everything that comes back until the edge closes. */
    String sendRaw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.config().httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Stops the server and starts it again on the same ports and data. */
    void restart() throws StartupException {
        ServerConfig c = server.config();
        server.close();
        server = PortwayServer.start(c);
    }

    void stopServer() {
        server.close();
    }

    void startServerAgain(ServerConfig c) throws StartupException {
        server = PortwayServer.start(c);
    }

    @Override
    public void close() {
        server.close();
        visitor.dispatcher().executorService().shutdown();
        visitor.connectionPool().evictAll();
    }
}

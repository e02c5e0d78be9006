// A test bed of real parts: the server as a child process with a signed-in account, agents as child processes
// ("portway tunnel connect"), and a visitor HTTP client that resolves every name to loopback.
package dev.portway.agent.reliability;

import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.SocketInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

final class Rig implements AutoCloseable {
    static final long MIB = 1024L * 1024;

    final Path dir;
    final String name;
    final ServerProc server;
    final ApiClient api;
    final String token;
    final List<AutoCloseable> closing = new ArrayList<>();
    private int agents;
    /** Why the latest status() call failed, if it did. */
    volatile String lastError;
    /** Resolves every name to loopback, as a browser does for *.localhost; no connection is reused. */
    final OkHttpClient visitor = new OkHttpClient.Builder()
            .dns(host -> List.of(InetAddress.getLoopbackAddress()))
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .readTimeout(30, TimeUnit.SECONDS)
            .build();

    record Tunnel(SocketInfo socket, String tunnelId) {
    }

    Rig(Path dir, String name, String... serverFlags) throws IOException {
        this.dir = dir;
        this.name = name;
        this.server = new ServerProc(name, dir.resolve("data"), serverFlags);
        server.start();
        String email = "rel-" + UUID.randomUUID() + "@example.com";
        ApiClient anonymous = new ApiClient(server.apiUrl(), null);
        anonymous.signup(email, "password1");
        token = anonymous.login(email, "password1").token();
        api = anonymous.withToken(token);
    }

    Tunnel create(String type) {
        SocketInfo socket = api.createSocket(name, type);
        return new Tunnel(socket, api.createTunnel(socket.socketId()).tunnelId());
    }

    /** "portway tunnel connect" for the tunnel, to a local port, as a child process. */
    Child agent(Tunnel t, int localPort) throws IOException {
        Child c = Child.java("agent-" + name + "-" + (++agents), dev.portway.agent.cli.Main.class,
                Map.of("PORTWAY_SERVER", server.apiUrl(), "PORTWAY_TOKEN", token,
                        "XDG_CONFIG_HOME", dir.resolve("cfg-" + agents).toString()), ServerProc.jvmArgs("-Xmx512m"),
                "tunnel", "connect", "--socket", t.socket().socketId(), "--tunnel", t.tunnelId(),
                "--host", "127.0.0.1", "--port", Integer.toString(localPort));
        closing.add(c);
        return c;
    }

    /** Waits for an "online" line printed after the given line index; returns when it arrived. */
    static Child.Line awaitOnline(Child agent, int fromIndex, Duration atMost) {
        return agent.awaitLine(fromIndex, l -> l.startsWith("online"), atMost);
    }

    String url(Tunnel t, String path) {
        return "http://" + t.socket().dnsName() + ":" + server.httpPort + path;
    }

    /** A GET on a connection of its own: the status, or -1 if it failed. */
    int status(Tunnel t, String path) {
        try (Response r = visitor.newCall(new Request.Builder().url(url(t, path)).header("Connection", "close")
                .build()).execute()) {
            r.body().bytes();
            return r.code();
        } catch (IOException e) {
            lastError = e.toString();
            return -1;
        }
    }

    /** Downloads /bytes/N and returns "sha256 count". */
    String download(Tunnel t, long n) throws IOException {
        try (Response r = visitor.newCall(new Request.Builder().url(url(t, "/bytes/" + n)).build()).execute();
             InputStream in = r.body().byteStream()) {
            if (r.code() != 200) {
                throw new IOException("status " + r.code());
            }
            long[] count = new long[1];
            String sum = dev.portway.agent.engine.PatternStream.sha256(new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int k = super.read(b, off, len);
                    count[0] += Math.max(k, 0);
                    return k;
                }
            });
            return sum + " " + count[0];
        }
    }

    static String expectedDownload(long n) throws IOException {
        return dev.portway.agent.engine.PatternStream.sha256(n, 42) + " " + n;
    }

    static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        server.close();
        visitor.dispatcher().executorService().shutdown();
        visitor.connectionPool().evictAll();
    }
}

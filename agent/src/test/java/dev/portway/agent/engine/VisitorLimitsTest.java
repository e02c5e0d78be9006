// No client can starve the others: a request head has a deadline (Slowloris), silent kept-alive connections
// are closed, and connections are capped per address and in total.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.TestServers;
import dev.portway.server.config.EdgeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitorLimitsTest {
    @TempDir
    Path dir;

    private Harness start(EdgeLimits limits) throws Exception {
        return new Harness(dir, TestServers.config(dir).withLimits(limits));
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** Whether the edge has closed the connection: a read sees the end (or a reset) rather than waiting. */
    private static boolean closedByEdge(Socket s) throws IOException {
        s.setSoTimeout(100);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void slowAndSilentVisitorsAreClosed() throws Exception {
        try (Harness h = start(new EdgeLimits(Duration.ofSeconds(1), Duration.ofSeconds(2), 100, 100));
             Origin origin = new Origin()) {
            int port = h.server.config().httpPort();
            try (Socket silent = connect("127.0.0.1", port)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> closedByEdge(silent));
            }
            try (Socket slow = connect("127.0.0.1", port)) {
                byte[] head = "GET / HTTP/1.1\r\nHost: slow.localhost\r\nX-Padding: "
                        .getBytes(StandardCharsets.US_ASCII);
                slow.getOutputStream().write(head);
                // One byte every 200 ms keeps bytes coming, but the head never completes: the deadline ends it.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try {
                        slow.getOutputStream().write('a');
                    } catch (IOException e) {
                        return true;
                    }
                    return closedByEdge(slow);
                });
            }
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener());
                 Socket kept = connect("127.0.0.1", port)) {
                kept.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: " + t.socket().dnsName() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(readUntil(kept.getInputStream(), "hello world"), "the kept-alive request was answered");
                await().atMost(Duration.ofSeconds(10)).until(() -> closedByEdge(kept));
            }
        }
    }

    private static boolean readUntil(InputStream in, String text) throws IOException {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        int n;
        while (!got.toString().contains(text) && (n = in.read(buf)) > 0) {
            got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return got.toString().contains(text);
    }

    @Test
    void connectionsAreCappedPerAddressAndInTotal() throws Exception {
        try (Harness h = start(new EdgeLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 8, 5))) {
            int port = h.server.config().httpPort();
            List<Socket> open = new ArrayList<>();
            // One at a time, each counted before the next: the server's loops admit them in any order.
            java.util.function.Consumer<String> openOne = from -> {
                try {
                    open.add(connect(from, port));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> h.server.openVisitorConnections() == open.size());
            };
            try {
                for (int i = 0; i < 5; i++) {
                    openOne.accept("127.0.0.1");
                }
                try (Socket sixth = connect("127.0.0.1", port)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> closedByEdge(sixth));
                }
                for (int i = 0; i < 3; i++) {
                    openOne.accept("127.0.0.2");
                }
                try (Socket ninth = connect("127.0.0.3", port)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> closedByEdge(ninth));
                }
                for (Socket s : open) {
                    assertTrue(!closedByEdge(s), "connections within the limits stay open");
                }
                open.remove(0).close();
                // A freed place is taken again: the next visitor is served (here: told the name is unknown).
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (Socket next = connect("127.0.0.1", port)) {
                        next.getOutputStream().write("GET / HTTP/1.1\r\nHost: nobody.localhost\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        next.setSoTimeout(5000);
                        byte[] status = next.getInputStream().readNBytes(12);
                        return new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 404");
                    }
                });
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}

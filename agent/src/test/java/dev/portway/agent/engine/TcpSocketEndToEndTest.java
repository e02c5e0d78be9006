// tcp sockets end to end: real server, real agent, a local raw service, visitors on the socket's dedicated port.
package dev.portway.agent.engine;

import dev.portway.server.TestServers;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpSocketEndToEndTest {
    /** How long a visitor may wait for the edge to close a connection it cannot route. */
    private static final long PROMPT_CLOSE_MILLIS = 3_000;

    @TempDir
    Path dir;
    Harness h;
    EchoServer echo;
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir.resolve("server"));
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        echo.close();
        h.close();
    }

    /** A tcp socket with one agent online, relaying to the local port. */
    private SocketInfo online(int localPort, RecordingListener listener) throws Exception {
        Harness.Tunnel t = h.create("tcp");
        cleanup.add(h.connectAndAwaitOnline(t, localPort, listener));
        return t.socket();
    }

    private SocketInfo online(int localPort) throws Exception {
        return online(localPort, new RecordingListener());
    }

    private static Socket visit(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Sends the bytes, ends the visitor's output, and returns all it read until the far side's EOF. */
    private static byte[] echoOnce(int port, byte[] payload) throws IOException {
        try (Socket s = visit(port)) {
            s.getOutputStream().write(payload);
            s.shutdownOutput();
            return s.getInputStream().readAllBytes();
        }
    }

    @Test
    void echoes100MiBBothWaysByteExact() throws Exception {
        SocketInfo socket = online(echo.port());
        assertEquals(socket.dnsName() + ":" + socket.tcpPort(), socket.address());
        long size = 100L * 1024 * 1024;
        try (Socket v = visit(socket.tcpPort())) {
            Future<?> sent = pool.submit(() -> {
                try (InputStream in = new PatternStream(size, 11)) {
                    in.transferTo(v.getOutputStream());
                    v.shutdownOutput();
                }
                return null;
            });
            // Read while writing, so neither direction waits on the other's buffers.
            String received = sha256AndLength(v.getInputStream());
            sent.get(30, TimeUnit.SECONDS);
            assertEquals(PatternStream.sha256(size, 11) + " " + size, received);
        }
    }

    @Test
    void visitorHalfCloseReachesTheOriginWhichCanStillAnswer() throws Exception {
        try (ServerSocket local = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SocketInfo socket = online(local.getLocalPort());
            try (Socket v = visit(socket.tcpPort())) {
                v.getOutputStream().write("question".getBytes(StandardCharsets.UTF_8));
                v.shutdownOutput();
                try (Socket o = local.accept()) {
                    o.setSoTimeout(30_000);
                    assertEquals("question", text(o.getInputStream().readAllBytes()), "the origin saw EOF");
                    o.getOutputStream().write("answer".getBytes(StandardCharsets.UTF_8));
                }
                assertEquals("answer", text(v.getInputStream().readAllBytes()));
            }
        }
    }

    @Test
    void originHalfCloseReachesTheVisitorWhichCanStillSend() throws Exception {
        try (ServerSocket local = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SocketInfo socket = online(local.getLocalPort());
            try (Socket v = visit(socket.tcpPort())) {
                // The origin speaks first (as sshd does): the visitor's connection alone must reach it.
                try (Socket o = local.accept()) {
                    o.setSoTimeout(30_000);
                    o.getOutputStream().write("greeting".getBytes(StandardCharsets.UTF_8));
                    o.shutdownOutput();
                    assertEquals("greeting", text(v.getInputStream().readAllBytes()), "the visitor saw EOF");
                    v.getOutputStream().write("reply".getBytes(StandardCharsets.UTF_8));
                    v.shutdownOutput();
                    assertEquals("reply", text(o.getInputStream().readAllBytes()));
                }
            }
        }
    }

    @Test
    void portIsKeptAcrossRestartAndFreedOnDelete() throws Exception {
        SocketInfo socket = online(echo.port());
        int port = socket.tcpPort();
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(ping, echoOnce(port, ping));

        h.restart();
        assertEquals(port, h.api.socket(socket.socketId()).tcpPort());
        // The port is bound from the start; it echoes again once the agent has reconnected.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> Arrays.equals(ping, echoOnce(port, ping)));

        h.api.deleteSocket(socket.socketId());
        // On NIO the kernel socket is closed at the event loop's next select, a moment after the channel's close
        // completes: until then it still accepts, so the refusal is awaited, not expected at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));
    }

    private static boolean refused(int port) throws IOException {
        try (Socket s = visit(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    @Test
    void fiftyConcurrentVisitorsEachGetTheirOwnBytesBack() throws Exception {
        SocketInfo socket = online(echo.port());
        int visitors = 50;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            long seed = 100 + i;
            int size = 64 * 1024 + i * 1021;
            results.add(pool.submit(() -> {
                try (Socket v = visit(socket.tcpPort())) {
                    Future<?> sent = pool.submit(() -> {
                        try (InputStream in = new PatternStream(size, seed)) {
                            in.transferTo(v.getOutputStream());
                            v.shutdownOutput();
                        }
                        return null;
                    });
                    String received = sha256AndLength(v.getInputStream());
                    sent.get(30, TimeUnit.SECONDS);
                    return received;
                }
            }));
        }
        for (int i = 0; i < visitors; i++) {
            int size = 64 * 1024 + i * 1021;
            assertEquals(PatternStream.sha256(size, 100 + i) + " " + size, results.get(i).get(60, TimeUnit.SECONDS),
                    "visitor " + i);
        }
    }

    @Test
    void aFullRangeAnswersNoPortAvailable() throws Exception {
        int first = TestServers.freeRange(2);
        try (Harness small = new Harness(dir.resolve("small"),
                TestServers.config(dir.resolve("small"), first + "-" + (first + 1)))) {
            SocketInfo a = small.api.createSocket("a", "tcp");
            SocketInfo b = small.api.createSocket("b", "tcp");
            assertEquals(Set.of(first, first + 1), Set.of(a.tcpPort(), b.tcpPort()));

            ApiException full = assertThrows(ApiException.class, () -> small.api.createSocket("c", "tcp"));
            assertEquals("no_port_available", full.code());
            assertEquals(409, full.status());

            small.api.deleteSocket(a.socketId());
            assertEquals(a.tcpPort(), small.api.createSocket("d", "tcp").tcpPort(), "a deleted socket's port is free");
        }
    }

    @Test
    void aPortAnotherProgramHoldsIsNeverHandedOut() throws Exception {
        int first = TestServers.freeRange(2);
        try (ServerSocket other = new ServerSocket(first, 1, InetAddress.getLoopbackAddress());
             Harness small = new Harness(dir.resolve("small"),
                     TestServers.config(dir.resolve("small"), first + "-" + (first + 1)))) {
            assertEquals(first + 1, small.api.createSocket("a", "tcp").tcpPort());
            ApiException full = assertThrows(ApiException.class, () -> small.api.createSocket("b", "tcp"));
            assertEquals("no_port_available", full.code());
        }
    }

    @Test
    void withNoTunnelOnlineAVisitorIsClosedAtOnce() throws Exception {
        SocketInfo socket = h.api.createSocket("idle", "tcp");
        assertClosedPromptly(socket.tcpPort());
    }

    @Test
    void whenTheAgentCannotReachItsLocalServiceTheVisitorIsClosed() throws Exception {
        int closed = TestServers.freeRange(1);
        RecordingListener listener = new RecordingListener();
        SocketInfo socket = online(closed, listener);
        assertClosedPromptly(socket.tcpPort());
        assertEquals(List.of("could not reach 127.0.0.1:" + closed + " (connection refused)"), listener.unreachable);
    }

    /** The edge closes a visitor it cannot serve soon after the connection is made. */
    private static void assertClosedPromptly(int port) throws IOException {
        try (Socket v = visit(port)) {
            long start = System.nanoTime();
            assertEquals(-1, v.getInputStream().read());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < PROMPT_CLOSE_MILLIS, "closed after " + millis + " ms");
        }
    }

    private static String sha256AndLength(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            total += n;
        }
        return HexFormat.of().formatHex(md.digest()) + " " + total;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

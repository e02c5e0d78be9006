// Stream resets at volume through a tcp socket: many in a short time must cost only their own connections, never
// the tunnel's link (and with it every other connection, such as an idle control connection beside them).
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.SocketInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamResetsEndToEndTest {
    private static final int BULK_STREAMS = 8;
    /** What the origin reads of each bulk connection before it closes it, the visitor still sending. */
    private static final int BULK_READ = 8 * 1024 * 1024;

    @TempDir
    Path dir;
    Harness h;
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir.resolve("server"));
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        h.close();
    }

    private SocketInfo online(int localPort, RecordingListener listener) throws Exception {
        Harness.Tunnel t = h.create("tcp");
        cleanup.add(h.connectAndAwaitOnline(t, localPort, listener));
        return t.socket();
    }

    /**
     * iperf3 -P 8, three times over: a control connection says hello and stays idle while eight bulk connections
     * send at full speed; the origin ends the test by closing the bulk connections with bytes still on their way
     * (each stream reset with its window of DATA in flight), then the two exchange results on the control
     * connection, with a half-close. Every round's control exchange must complete, on the same link.
     */
    @Test
    void anIdleControlConnectionOutlivesParallelBulkConnectionsTheOriginCutsOff() throws Exception {
        try (ServerSocket origin = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RecordingListener listener = new RecordingListener();
            SocketInfo socket = online(origin.getLocalPort(), listener);
            int statusesOnline = listener.statuses.size();
            for (int round = 1; round <= 3; round++) {
                try (Socket control = visit(socket.tcpPort())) {
                    control.getOutputStream().write(bytes("hello"));
                    try (Socket originControl = accept(origin)) {
                        assertArrayEquals(bytes("hello"), originControl.getInputStream().readNBytes(5));

                        List<Future<?>> senders = new ArrayList<>();
                        List<Future<?>> readers = new ArrayList<>();
                        for (int i = 0; i < BULK_STREAMS; i++) {
                            senders.add(pool.submit(() -> sendUntilCut(socket.tcpPort())));
                            Socket bulk = accept(origin);
                            readers.add(pool.submit(() -> readThenClose(bulk)));
                        }
                        for (Future<?> f : readers) {
                            f.get(60, TimeUnit.SECONDS);
                        }
                        for (Future<?> f : senders) {
                            f.get(60, TimeUnit.SECONDS);
                        }

                        originControl.getOutputStream().write(bytes("results?"));
                        assertArrayEquals(bytes("results?"), control.getInputStream().readNBytes(8),
                                "round " + round + ": the origin's message reached the idle control connection");
                        control.getOutputStream().write(bytes("mine"));
                        control.shutdownOutput();
                        assertArrayEquals(bytes("mine"), originControl.getInputStream().readAllBytes(),
                                "round " + round + ": the visitor's answer and its half-close reached the origin");
                        originControl.getOutputStream().write(bytes("theirs"));
                    }
                    assertArrayEquals(bytes("theirs"), control.getInputStream().readAllBytes(),
                            "round " + round + ": the origin's last word after the visitor's half-close");
                }
            }
            assertEquals(statusesOnline, listener.statuses.size(),
                    "the link stayed up, no reconnects: " + listener.details);
        }
    }

    /** Visitors that abort (RST) after their connection was relayed: 250 of them within seconds. */
    @Test
    void manyVisitorsThatResetDoNotCutTheOthers() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            RecordingListener listener = new RecordingListener();
            SocketInfo socket = online(echo.port(), listener);
            int statusesOnline = listener.statuses.size();
            try (Socket steady = visit(socket.tcpPort())) {
                assertEchoes(steady, "before");
                for (int i = 0; i < 250; i++) {
                    Socket aborting = visit(socket.tcpPort());
                    assertEchoes(aborting, "v" + i);
                    aborting.setSoLinger(true, 0);
                    aborting.close();
                }
                assertEchoes(steady, "after");
            }
            assertEquals(statusesOnline, listener.statuses.size(),
                    "the link stayed up, no reconnects: " + listener.details);
        }
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        s.getOutputStream().write(bytes(text));
        assertArrayEquals(bytes(text), s.getInputStream().readNBytes(text.length()), "echo of " + text);
    }

    /** A bulk visitor: sends as fast as the tunnel takes it until the origin's close reaches it as an error. */
    private static Void sendUntilCut(int port) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (Socket s = visit(port)) {
            OutputStream out = s.getOutputStream();
            while (true) {
                out.write(chunk);
            }
        } catch (IOException expected) {
            return null;
        }
    }

    /** The origin's side of a bulk connection: reads its share, then closes with the rest still arriving. */
    private static Void readThenClose(Socket bulk) throws IOException {
        try (bulk) {
            InputStream in = bulk.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int total = 0;
            while (total < BULK_READ) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("bulk connection ended after " + total + " bytes");
                }
                total += n;
            }
        }
        return null;
    }

    private static Socket accept(ServerSocket origin) throws IOException {
        origin.setSoTimeout(30_000);
        Socket s = origin.accept();
        s.setSoTimeout(30_000);
        return s;
    }

    private static Socket visit(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

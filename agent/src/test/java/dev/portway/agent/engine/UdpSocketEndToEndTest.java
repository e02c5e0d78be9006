// udp sockets end to end: real server, real agent and link, a local UDP echo service, visitors' DatagramSockets on
// the socket's UDP port; flows end when idle, and a visitor off the allow list gets nothing.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.server.TestServers;
import dev.portway.server.config.UdpLimits;
import dev.portway.server.metrics.Scrape;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdpSocketEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int[] SIZES = {1, 2, 100, 1_200, 1_472, 8_192, 9_000, 32_768, 65_000,
        DatagramFrames.MAX_DATAGRAM};

    @TempDir
    Path dir;
    Harness h;
    UdpEcho echo;
    final List<ConnectionLog> flows = new CopyOnWriteArrayList<>();
    final RecordingListener listener = new RecordingListener() {
        @Override
        public void onConnection(ConnectionLog log) {
            flows.add(log);
        }
    };
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        // A short idle timeout, so that a flow's end is seen within the test.
        h = new Harness(dir.resolve("server"), TestServers.config(dir.resolve("server"))
                .withUdp(new UdpLimits(Duration.ofSeconds(1), 1000, 100)));
        echo = new UdpEcho(0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        echo.close();
        h.close();
    }

    private SocketInfo online(SocketInfo socket, int localPort) throws Exception {
        Harness.Tunnel t = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
        cleanup.add(h.connectAndAwaitOnline(t, localPort, listener));
        return socket;
    }

    private SocketInfo online(int localPort) throws Exception {
        return online(h.api.createSocket("dns", "udp"), localPort);
    }

    private double metric(String name, String... labels) throws Exception {
        return Scrape.fetch(http, "http://127.0.0.1:" + h.server.config().apiPort() + "/metrics").value(name, labels);
    }

    private static DatagramSocket visitor(String address) throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        s.setSoTimeout(10_000);
        s.setReceiveBufferSize(1 << 20);
        return s;
    }

    /** A payload that tells visitor and size apart. */
    private static byte[] payload(int who, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (who * 31 + i * 7 + size);
        }
        return b;
    }

    private static byte[] exchange(DatagramSocket v, int port, byte[] sent) throws IOException {
        v.send(new DatagramPacket(sent, sent.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[65_536];
        DatagramPacket got = new DatagramPacket(buf, buf.length);
        v.receive(got);
        return Arrays.copyOf(buf, got.getLength());
    }

    @Test
    void datagramsOfEverySizeComeBackByteExactToEachOfTwoVisitors() throws Exception {
        SocketInfo socket = online(echo.port());
        int port = socket.udpPort();
        try (DatagramSocket one = visitor("127.0.0.1"); DatagramSocket two = visitor("127.0.0.2")) {
            for (int size : SIZES) {
                assertArrayEquals(payload(1, size), exchange(one, port, payload(1, size)), "visitor 1, " + size);
                assertArrayEquals(payload(2, size), exchange(two, port, payload(2, size)), "visitor 2, " + size);
            }
        }
        long bytes = Arrays.stream(SIZES).asLongStream().sum() * 2;
        assertEquals(2 * SIZES.length, metric("portway_udp_datagrams_total", "direction=in"));
        assertEquals(2 * SIZES.length, metric("portway_udp_datagrams_total", "direction=out"));
        assertEquals(bytes, metric("portway_udp_payload_bytes_total", "direction=out"));
        assertEquals(2, metric("portway_udp_flows_opened_total"));
        assertEquals(2, metric("portway_visitor_connections_total", "edge=udp"));
    }

    @Test
    void anIdleFlowEndsAndTheAgentReportsItsDatagrams() throws Exception {
        SocketInfo socket = online(echo.port());
        try (DatagramSocket v = visitor("127.0.0.1")) {
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(payload(1, 100 + i), exchange(v, socket.udpPort(), payload(1, 100 + i)));
            }
            assertEquals(1, metric("portway_udp_flows_open"));
            await().atMost(WAIT).until(() -> metric("portway_udp_flows_open") == 0);
            await().atMost(WAIT).until(() -> flows.size() == 1);
            ConnectionLog flow = flows.get(0);
            assertEquals("udp", flow.type());
            assertEquals(3, flow.datagramsIn());
            assertEquals(3, flow.datagramsOut());
            assertEquals(100 + 101 + 102, flow.bytesIn());
            assertTrue(flow.line().contains("in 3 datagrams"), flow.line());
            // The same visitor again: a new flow.
            assertArrayEquals(payload(1, 7), exchange(v, socket.udpPort(), payload(1, 7)));
            assertEquals(2, metric("portway_udp_flows_opened_total"));
        }
    }

    @Test
    void aVisitorOffTheAllowListGetsNothing() throws Exception {
        SocketInfo socket = online(h.api.createSocket(new CreateSocket("dns", "udp", null, null, null,
                List.of("127.0.0.2"), null, null, null)), echo.port());
        try (DatagramSocket outsider = visitor("127.0.0.1"); DatagramSocket allowed = visitor("127.0.0.2")) {
            outsider.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> exchange(outsider, socket.udpPort(), payload(1, 10)));
            assertTrue(metric("portway_udp_dropped_total", "reason=not_allowed") >= 1);
            assertArrayEquals(payload(2, 10), exchange(allowed, socket.udpPort(), payload(2, 10)));
            assertEquals(1, echo.received(), "only the allowed visitor's datagram reached the service");
        }
    }

    @Test
    void flowsPastTheCapsPerAddressAndPerSocketAreDropped() throws Exception {
        h.close();
        h = new Harness(dir.resolve("capped"), TestServers.config(dir.resolve("capped"))
                .withUdp(new UdpLimits(Duration.ofSeconds(1), 2, 1)));
        int port = online(echo.port()).udpPort();
        try (DatagramSocket a = visitor("127.0.0.1"); DatagramSocket sameAddress = visitor("127.0.0.1");
             DatagramSocket b = visitor("127.0.0.2"); DatagramSocket c = visitor("127.0.0.3")) {
            assertArrayEquals(payload(1, 9), exchange(a, port, payload(1, 9)));
            sameAddress.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> exchange(sameAddress, port, payload(2, 9)));
            assertEquals(1, metric("portway_udp_dropped_total", "reason=flows_per_address"));
            assertArrayEquals(payload(3, 9), exchange(b, port, payload(3, 9)));
            c.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> exchange(c, port, payload(4, 9)));
            assertEquals(1, metric("portway_udp_dropped_total", "reason=flows_per_socket"));
            // Once the first flows went idle, the others get theirs.
            await().atMost(WAIT).until(() -> metric("portway_udp_flows_open") == 0);
            sameAddress.setSoTimeout(10_000);
            assertArrayEquals(payload(2, 9), exchange(sameAddress, port, payload(2, 9)));
        }
    }

    /** Flows the service never answered (spoofed sources' flows) give way to a new visitor on a full socket. */
    @Test
    void flowsNeverAnsweredGiveWayToANewVisitorOnAFullSocket() throws Exception {
        h.close();
        h = new Harness(dir.resolve("evict"), TestServers.config(dir.resolve("evict"))
                .withUdp(new UdpLimits(Duration.ofSeconds(60), 2, 1)));
        try (UdpEcho picky = new UdpEcho(0, "", "silent");
             DatagramSocket a = visitor("127.0.0.2"); DatagramSocket b = visitor("127.0.0.3");
             DatagramSocket c = visitor("127.0.0.4")) {
            int port = online(picky.port()).udpPort();
            for (DatagramSocket unanswered : List.of(a, b)) {
                byte[] silent = "silent".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                unanswered.send(new DatagramPacket(silent, silent.length, InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(WAIT).until(() -> picky.received() == 2); // both flows are open, the socket full
            assertArrayEquals(payload(3, 9), exchange(c, port, payload(3, 9)), "a new visitor gets in");
            assertEquals(0, metric("portway_udp_dropped_total", "reason=flows_per_socket"));
            assertEquals(3, metric("portway_udp_flows_opened_total"));
        }
    }

    @Test
    void aFlowWhoseTunnelWentEndsAndTheNextDatagramTakesAnotherTunnel() throws Exception {
        SocketInfo socket = h.api.createSocket("dns", "udp");
        Harness.Tunnel first = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
        TunnelAgent agent = h.connectAndAwaitOnline(first, echo.port(), new RecordingListener());
        try (DatagramSocket v = visitor("127.0.0.1")) {
            assertArrayEquals(payload(1, 11), exchange(v, socket.udpPort(), payload(1, 11)));
            assertEquals(1, metric("portway_udp_flows_open"));
            agent.close();
            await().atMost(WAIT).until(() -> metric("portway_udp_flows_open") == 0);
            online(socket, echo.port());
            assertArrayEquals(payload(1, 12), exchange(v, socket.udpPort(), payload(1, 12)));
            assertEquals(2, metric("portway_udp_flows_opened_total"));
        }
    }

    @Test
    void withNoTunnelOnlineDatagramsAreDroppedAndNoFlowStays() throws Exception {
        SocketInfo socket = h.api.createSocket("dns", "udp");
        try (DatagramSocket v = visitor("127.0.0.1")) {
            for (int i = 0; i < 3; i++) {
                v.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), socket.udpPort()));
            }
            await().atMost(WAIT).until(() -> metric("portway_udp_dropped_total", "reason=no_tunnel") == 3);
            assertEquals(0, metric("portway_udp_flows_open"));
            // Online now: the same visitor's next datagram gets through.
            online(socket, echo.port());
            assertArrayEquals(payload(1, 3), exchange(v, socket.udpPort(), payload(1, 3)));
        }
    }

    @Test
    void aServiceNotListeningYetIsReportedAndTheFlowGoesOnOnceItListens() throws Exception {
        int localPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            localPort = probe.getLocalPort();
        }
        SocketInfo socket = online(localPort);
        try (DatagramSocket v = visitor("127.0.0.1")) {
            v.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), socket.udpPort()));
            await().atMost(WAIT).until(() -> listener.unreachable.stream()
                    .anyMatch(d -> d.contains("connection refused")));
            try (UdpEcho late = new UdpEcho(localPort)) {
                assertArrayEquals(payload(1, 5), exchange(v, socket.udpPort(), payload(1, 5)));
            }
            assertEquals(1, metric("portway_udp_flows_opened_total"), "the same flow");
        }
    }
}

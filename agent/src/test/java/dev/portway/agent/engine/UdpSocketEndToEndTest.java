// udp sockets end to end on one real server whose caps are tight (2 flows per socket, 1 per address): datagrams of
// every size byte-exact, the caps (flows never answered give way to a new visitor, answered ones do not), no tunnel
// online, and a local service that starts listening late. The rest (echo at volume, idle end, allow list, failover)
// is UdpFlowsEndToEndTest's.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.server.config.UdpLimits;
import dev.portway.server.metrics.Scrape;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdpSocketEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int[] SIZES = {1, 2, 100, 1_200, 1_472, 8_192, 9_000, 32_768, 65_000,
        DatagramFrames.MAX_DATAGRAM};

    @TempDir
    static Path dir;
    static Harness h;
    static UdpEcho echo;
    final RecordingListener listener = new RecordingListener();
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        h = new Harness(dir.resolve("server"), UdpSockets.config(dir.resolve("server")).toBuilder()
                .udp(new UdpLimits(UdpSockets.IDLE_TIMEOUT, 2, 1)).build());
        echo = new UdpEcho(0);
    }

    @AfterAll
    static void stopServer() {
        echo.close();
        h.close();
    }

    @BeforeEach
    void noFlowsLeft() {
        UdpSockets.awaitNoFlows(h); // the caps count every flow: none of an earlier test's may be left
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private SocketInfo online(SocketInfo socket, int localPort) throws Exception {
        cleanup.add(UdpSockets.online(h, socket, localPort, listener));
        return socket;
    }

    private SocketInfo online(int localPort) throws Exception {
        return online(h.api.createSocket("dns", "udp"), localPort);
    }

    private static double metric(String name, String... labels) throws IOException {
        return UdpSockets.now(h, name, labels);
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

    private static void send(DatagramSocket v, int port, byte[] sent) throws IOException {
        v.send(new DatagramPacket(sent, sent.length, InetAddress.getLoopbackAddress(), port));
    }

    private static byte[] exchange(DatagramSocket v, int port, byte[] sent) throws IOException {
        send(v, port, sent);
        byte[] buf = new byte[65_536];
        DatagramPacket got = new DatagramPacket(buf, buf.length);
        v.receive(got);
        return Arrays.copyOf(buf, got.getLength());
    }

    @Test
    void datagramsOfEverySizeComeBackByteExactToEachOfTwoVisitors() throws Exception {
        SocketInfo socket = online(echo.port());
        int port = socket.udpPort();
        Scrape before = UdpSockets.scrape(h);
        try (DatagramSocket one = visitor("127.0.0.1"); DatagramSocket two = visitor("127.0.0.2")) {
            for (int size : SIZES) {
                assertArrayEquals(payload(1, size), exchange(one, port, payload(1, size)), "visitor 1, " + size);
                assertArrayEquals(payload(2, size), exchange(two, port, payload(2, size)), "visitor 2, " + size);
            }
        }
        Scrape after = UdpSockets.scrape(h);
        long bytes = Arrays.stream(SIZES).asLongStream().sum() * 2;
        assertEquals(2 * SIZES.length, UdpSockets.delta(before, after, "portway_udp_datagrams_total",
                "direction=in"));
        assertEquals(2 * SIZES.length, UdpSockets.delta(before, after, "portway_udp_datagrams_total",
                "direction=out"));
        assertEquals(bytes, UdpSockets.delta(before, after, "portway_udp_payload_bytes_total", "direction=out"));
        assertEquals(2, UdpSockets.delta(before, after, "portway_udp_flows_opened_total"));
        assertEquals(2, UdpSockets.delta(before, after, "portway_visitor_connections_total", "edge=udp"));
    }

    /** Flows whose service answers keep their places: past the caps a new visitor's datagrams are dropped. */
    @Test
    void flowsPastTheCapsPerAddressAndPerSocketAreDropped() throws Exception {
        int port = online(echo.port()).udpPort();
        double perAddress = metric("portway_udp_dropped_total", "reason=flows_per_address");
        double perSocket = metric("portway_udp_dropped_total", "reason=flows_per_socket");
        try (DatagramSocket a = visitor("127.0.0.1"); DatagramSocket sameAddress = visitor("127.0.0.1");
             DatagramSocket b = visitor("127.0.0.2"); DatagramSocket c = visitor("127.0.0.3")) {
            assertArrayEquals(payload(1, 9), exchange(a, port, payload(1, 9)));
            send(sameAddress, port, payload(2, 9));
            await().atMost(WAIT).until(() -> metric("portway_udp_dropped_total", "reason=flows_per_address")
                    == perAddress + 1);
            assertArrayEquals(payload(3, 9), exchange(b, port, payload(3, 9)));
            send(c, port, payload(4, 9));
            await().atMost(WAIT).until(() -> metric("portway_udp_dropped_total", "reason=flows_per_socket")
                    == perSocket + 1); // both flows were answered: neither gives way
            c.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> c.receive(new DatagramPacket(new byte[16], 16)));
            // Once the first flows went idle, the others get theirs.
            UdpSockets.awaitNoFlows(h);
            assertArrayEquals(payload(2, 9), exchange(sameAddress, port, payload(2, 9)));
        }
    }

    /** Flows the service never answered (spoofed sources' flows) give way to a new visitor on a full socket. */
    @Test
    void flowsNeverAnsweredGiveWayToANewVisitorOnAFullSocket() throws Exception {
        try (UdpEcho picky = new UdpEcho(0, "", "silent");
             DatagramSocket a = visitor("127.0.0.2"); DatagramSocket b = visitor("127.0.0.3");
             DatagramSocket c = visitor("127.0.0.4")) {
            int port = online(picky.port()).udpPort();
            Scrape before = UdpSockets.scrape(h);
            send(a, port, "silent".getBytes(StandardCharsets.UTF_8));
            send(b, port, "silent".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> picky.received() == 2); // both flows are open: the socket is full
            assertArrayEquals(payload(3, 9), exchange(c, port, payload(3, 9)), "a new visitor gets in");
            Scrape after = UdpSockets.scrape(h);
            assertEquals(0, UdpSockets.delta(before, after, "portway_udp_dropped_total", "reason=flows_per_socket"));
            assertEquals(3, UdpSockets.delta(before, after, "portway_udp_flows_opened_total"));
        }
    }

    @Test
    void withNoTunnelOnlineDatagramsAreDroppedAndNoFlowStays() throws Exception {
        SocketInfo socket = h.api.createSocket("dns", "udp");
        double noTunnel = metric("portway_udp_dropped_total", "reason=no_tunnel");
        try (DatagramSocket v = visitor("127.0.0.1")) {
            for (int i = 0; i < 3; i++) {
                send(v, socket.udpPort(), new byte[] {1});
            }
            await().atMost(WAIT).until(() -> metric("portway_udp_dropped_total", "reason=no_tunnel")
                    == noTunnel + 3);
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
        double opened = metric("portway_udp_flows_opened_total");
        try (DatagramSocket v = visitor("127.0.0.1")) {
            send(v, socket.udpPort(), new byte[] {1});
            await().atMost(WAIT).until(() -> listener.unreachable.stream()
                    .anyMatch(d -> d.contains("connection refused")));
            try (UdpEcho late = new UdpEcho(localPort)) {
                assertArrayEquals(payload(1, 5), exchange(v, socket.udpPort(), payload(1, 5)));
            }
            assertEquals(opened + 1, metric("portway_udp_flows_opened_total"), "the same flow");
        }
    }
}

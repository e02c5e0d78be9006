// udp sockets end to end on one real server (SQLite file, real agents, a real local UDP service, real DatagramSocket
// visitors on several loopback addresses, IPv4 and IPv6): thousands of datagrams echoed byte-exact to their senders, a
// datagram too long for a flow, a flow's idle end and the agent's report of it, the allow list, failover between two
// agents, and a restart that keeps the port.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.server.metrics.Scrape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdpFlowsEndToEndTest {
    private static final Duration ANSWER = Duration.ofSeconds(5);
    /** How long one try waits for its answer while a flow is moving to another agent (or the server restarts). */
    private static final Duration FAILOVER_TRY = Duration.ofMillis(500);
    private static final String[] VISITOR_ADDRESSES = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
    /** Visitor sockets (ports) per address, and datagrams each. */
    private static final int PORTS_PER_ADDRESS = 2;
    private static final int DATAGRAMS = 500;
    /**
     * Bytes one visitor may have unanswered. The edge drops (as queue_full) what a flow's stream cannot take at once,
     * about 64 KiB; a visitor that keeps under it must lose nothing on loopback.
     */
    private static final int WINDOW_BYTES = 32 * 1024;
    /** Mixed sizes; every 100th datagram is the largest UDP payload there is. */
    private static final int[] SIZES = {8, 64, 333, 512, 1200, 1472, 1500, 4096, 9000, 20_000};

    @TempDir
    static Path dir;
    static Harness h;
    static UdpEcho echo;
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void startServer() throws Exception {
        // Bound to :: (IPv4 and IPv6), so that a visitor on ::1 can send what only IPv6 carries.
        h = new Harness(dir.resolve("server"), UdpSockets.config(dir.resolve("server")).toBuilder().bind("::").build());
        echo = new UdpEcho(0);
    }

    @AfterAll
    static void stopServer() {
        echo.close();
        h.close();
    }

    @BeforeEach
    void noFlowsLeft() {
        UdpSockets.awaitNoFlows(h);
    }

    @AfterEach
    void closeAgents() throws Exception {
        pool.shutdownNow();
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private SocketInfo online(String name, int localPort) throws Exception {
        SocketInfo socket = UdpSockets.create(h, name);
        cleanup.add(UdpSockets.online(h, socket, localPort, new RecordingListener()));
        return socket;
    }

    private UdpVisitor visitor(String address, int port) throws IOException {
        UdpVisitor v = new UdpVisitor(address, port);
        cleanup.add(v);
        return v;
    }

    @Test
    void thousandsOfDatagramsOfMixedSizesFromSeveralVisitorsComeBackByteExactToTheirSenders() throws Exception {
        SocketInfo socket = online("echo", echo.port());
        assertNotNull(socket.udpPort(), "a udp socket has a udp_port");
        Scrape before = UdpSockets.scrape(h);
        List<Future<String>> runs = new ArrayList<>();
        int id = 0;
        for (String address : VISITOR_ADDRESSES) {
            for (int k = 0; k < PORTS_PER_ADDRESS; k++) {
                UdpVisitor v = visitor(address, socket.udpPort());
                int sender = id++;
                runs.add(pool.submit(() -> echoAll(v, sender)));
            }
        }
        List<String> shortfalls = new ArrayList<>();
        for (Future<String> run : runs) {
            String shortfall = run.get(60, TimeUnit.SECONDS);
            if (!shortfall.isEmpty()) {
                shortfalls.add(shortfall);
            }
        }
        Scrape after = UdpSockets.scrape(h);
        int total = runs.size() * DATAGRAMS;
        String meters = "in " + UdpSockets.delta(before, after, "portway_udp_datagrams_total", "direction=in")
                + ", out " + UdpSockets.delta(before, after, "portway_udp_datagrams_total", "direction=out")
                + ", dropped" + UdpSockets.drops(before, after);
        // A datagram lost anywhere fails here, whether the edge counted its drop or not.
        assertEquals(List.of(), shortfalls, "every datagram answered (meters: " + meters + ")");
        assertEquals(0, UdpSockets.delta(before, after, "portway_udp_dropped_total"), meters);
        assertEquals(total, UdpSockets.delta(before, after, "portway_udp_datagrams_total", "direction=in"), meters);
        assertEquals(total, UdpSockets.delta(before, after, "portway_udp_datagrams_total", "direction=out"), meters);
        assertEquals(runs.size(), UdpSockets.delta(before, after, "portway_udp_flows_opened_total"),
                "one flow per visitor address and port");
        assertEquals(2 * bytes(runs.size()), UdpSockets.delta(before, after, "portway_udp_payload_bytes_total"));
    }

    /**
     * The datagrams of one visitor, with at most WINDOW_BYTES unanswered (or one datagram alone, if larger), so that
     * none need be dropped on the way (a flow takes about 64 KiB in flight; see WINDOW_BYTES). "" when every datagram
     * came back exact, else what went wrong.
     */
    private static String echoAll(UdpVisitor v, int sender) throws IOException {
        BitSet answered = new BitSet(DATAGRAMS);
        int sent = 0;
        int received = 0;
        long inFlight = 0;
        while (received < DATAGRAMS) {
            while (sent < DATAGRAMS && (sent == received || inFlight + size(sent) <= WINDOW_BYTES)) {
                inFlight += size(sent);
                v.send(datagram(sender, sent++));
            }
            byte[] reply = v.receive(ANSWER);
            if (reply == null) {
                return "visitor " + sender + " " + v.address() + ": " + received + " of " + sent
                        + " sent answered, then nothing for " + ANSWER.toSeconds() + " s";
            }
            ByteBuffer head = ByteBuffer.wrap(reply);
            int from = reply.length >= 8 ? head.getInt() : -1;
            int seq = reply.length >= 8 ? head.getInt() : -1;
            if (from != sender || seq < 0 || seq >= sent || answered.get(seq)) {
                return "visitor " + sender + " got a datagram not its own or twice: sender " + from + ", seq " + seq;
            }
            assertArrayEquals(datagram(sender, seq), reply, "visitor " + sender + " datagram " + seq);
            answered.set(seq);
            inFlight -= size(seq);
            received++;
        }
        return "";
    }

    private static int size(int seq) {
        return seq % 100 == 99 ? DatagramFrames.MAX_DATAGRAM : SIZES[seq % SIZES.length];
    }

    /** Sender and sequence number, then bytes only they determine. */
    private static byte[] datagram(int sender, int seq) {
        byte[] d = new byte[size(seq)];
        new Random(sender * 1_000_003L + seq).nextBytes(d);
        ByteBuffer.wrap(d).putInt(sender).putInt(seq);
        return d;
    }

    private static long bytes(int senders) {
        long sum = 0;
        for (int seq = 0; seq < DATAGRAMS; seq++) {
            sum += size(seq);
        }
        return sum * senders;
    }

    /** IPv6 payloads go to 65,527 bytes, a flow carries 65,507: the longer datagram is dropped, the flow goes on. */
    @Test
    void anIpv6DatagramLongerThanAFlowCarriesIsDroppedAndTheFlowGoesOnAndEnds() throws Exception {
        SocketInfo socket = online("large", echo.port());
        UdpVisitor v = new UdpVisitor("::1", "::1", socket.udpPort());
        cleanup.add(v);
        Scrape before = UdpSockets.scrape(h);
        v.send(new byte[65_520]);
        assertEquals("small", v.ask("small", ANSWER), "the next datagram is answered");
        Scrape after = UdpSockets.scrape(h);
        assertEquals(1, UdpSockets.delta(before, after, "portway_udp_dropped_total", "reason=too_large"),
                UdpSockets.drops(before, after));
        assertEquals(1, UdpSockets.delta(before, after, "portway_udp_datagrams_total", "direction=in"));
        UdpSockets.awaitNoFlows(h); // the flow ends when idle: nothing left open by the long datagram
    }

    @Test
    void aFlowEndsAfterTheIdleTimeoutTheAgentReportsItAndTheNextDatagramOpensANewOne() throws Exception {
        SocketInfo socket = UdpSockets.create(h, "idle");
        List<ConnectionLog> reports = new CopyOnWriteArrayList<>();
        cleanup.add(UdpSockets.online(h, socket, echo.port(), new RecordingListener() {
            @Override
            public void onConnection(ConnectionLog log) {
                reports.add(log);
            }
        }));
        UdpVisitor v = visitor("127.0.0.2", socket.udpPort());
        double opened = UdpSockets.now(h, "portway_udp_flows_opened_total");

        long sent = System.nanoTime();
        for (String text : List.of("one", "two!", "three")) {
            assertEquals(text, v.ask(text, ANSWER));
        }
        assertEquals(opened + 1, UdpSockets.now(h, "portway_udp_flows_opened_total"), "one flow");
        UdpSockets.awaitNoFlows(h);
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(idleMillis >= UdpSockets.IDLE_TIMEOUT.toMillis(), "not before the idle timeout: " + idleMillis);
        await().atMost(ANSWER).until(() -> reports.size() == 1);
        ConnectionLog flow = reports.get(0);
        assertEquals("udp", flow.type());
        assertEquals(3, flow.datagramsIn());
        assertEquals(3, flow.datagramsOut());
        assertEquals(3 + 4 + 5, flow.bytesIn());
        assertTrue(flow.line().contains("in 3 datagrams"), flow.line());

        assertEquals("again", v.ask("again", ANSWER), "the same visitor address and port is answered again");
        assertEquals(opened + 2, UdpSockets.now(h, "portway_udp_flows_opened_total"), "through a new flow");
    }

    @Test
    void theAllowListAdmitsListedAddressesOnly() throws Exception {
        SocketInfo socket = h.api.createSocket(new CreateSocket("allow", "udp", null, null, null,
                List.of("127.0.0.2/32")));
        cleanup.add(UdpSockets.online(h, socket, echo.port(), new RecordingListener()));
        UdpVisitor inside = visitor("127.0.0.2", socket.udpPort());
        UdpVisitor outside = visitor("127.0.0.3", socket.udpPort());
        assertEquals("in", inside.ask("in", ANSWER));

        double refused = UdpSockets.now(h, "portway_udp_dropped_total", "reason=not_allowed");
        long echoed = echo.received();
        outside.send("out".getBytes(StandardCharsets.UTF_8));
        await().atMost(ANSWER).until(() -> UdpSockets.now(h, "portway_udp_dropped_total", "reason=not_allowed")
                == refused + 1);
        assertNull(outside.receive(Duration.ofMillis(500)), "a visitor off the list gets nothing back");
        assertEquals(echoed, echo.received(), "nothing reached the local service");
        assertEquals("in again", inside.ask("in again", ANSWER));
    }

    @Test
    void whenTheAgentCarryingAFlowGoesItsNextDatagramsAreAnsweredThroughTheOther() throws Exception {
        SocketInfo socket = UdpSockets.create(h, "failover");
        UdpEcho[] origins = {new UdpEcho(0, "a:"), new UdpEcho(0, "b:")};
        TunnelAgent[] agents = new TunnelAgent[2];
        for (int i = 0; i < 2; i++) {
            cleanup.add(origins[i]);
            agents[i] = UdpSockets.online(h, socket, origins[i].port(), new RecordingListener());
            cleanup.add(agents[i]);
        }
        UdpVisitor v = visitor("127.0.0.2", socket.udpPort());
        String first = v.ask("ping-0", ANSWER);
        assertNotNull(first, "answered while both agents are online");
        int carrier = first.equals("a:ping-0") ? 0 : 1;
        assertEquals(List.of("a:", "b:").get(carrier) + "ping-0", first);

        agents[carrier].close();
        String other = List.of("a:", "b:").get(1 - carrier);
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ZERO)
                .until(() -> answer(v, "ping-" + n.incrementAndGet(), FAILOVER_TRY), a -> a != null
                        && a.startsWith(other));
        String last = "ping-" + n.incrementAndGet();
        assertEquals(other + last, answer(v, last, ANSWER), "the flow stays with the agent that is left");
    }

    /** The answer to this text (late answers to earlier ones skipped), or null when none comes within the wait. */
    private static String answer(UdpVisitor v, String text, Duration wait) throws IOException {
        v.send(text.getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            byte[] reply = v.receive(Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            String s = reply == null ? null : new String(reply, StandardCharsets.UTF_8);
            if (s == null || s.endsWith(text)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void aRestartKeepsTheUdpPortAndFlowsResumeOnceTheAgentIsBack() throws Exception {
        SocketInfo socket = online("kept", echo.port());
        int port = socket.udpPort();
        UdpVisitor v = visitor("127.0.0.2", port);
        assertEquals("before", v.ask("before", ANSWER));

        h.restart();
        assertEquals(port, h.api.socket(socket.socketId()).udpPort(), "the same udp_port from the store");
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO)
                .until(() -> answer(v, "after-" + n.incrementAndGet(), FAILOVER_TRY), a -> a != null);
    }
}

// Real UDP programs through a udp socket: dig asks a real dnsmasq behind it, and iperf3 -u sends a 50 Mbit/s stream
// through it (its control connection through a tcp socket of the same port number), whose loss and jitter are
// reported, not asserted (speed belongs to bench/run).
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.TestServers;
import dev.portway.server.metrics.Scrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class UdpRealClientsTest {
    private static final int IPERF_SECONDS = 2;

    @TempDir
    Path dir;
    Harness h;
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void digIsAnsweredByTheDnsServerBehindTheSocket() throws Exception {
        Dnsmasq dns = Dnsmasq.start(dir.resolve("dnsmasq"),
                Map.of("game.example", "10.1.2.3", "voice.example", "10.4.5.6"));
        cleanup.add(dns);
        h = new Harness(dir.resolve("server"), UdpSockets.config(dir.resolve("server")));
        SocketInfo socket = UdpSockets.create(h, "dns");
        cleanup.add(UdpSockets.online(h, socket, dns.port, new RecordingListener()));

        // One try of 2 s each: the first query is answered, through a flow that opens for it.
        assertEquals("10.1.2.3", Dnsmasq.dig(socket.udpPort(), "game.example"));
        assertEquals("10.1.2.3", Dnsmasq.dig(socket.udpPort(), "game.example"), "a second query, a second flow");
        assertEquals("10.4.5.6", Dnsmasq.dig(socket.udpPort(), "voice.example"));
        assertEquals(3, UdpSockets.now(h, "portway_udp_flows_opened_total"), "dig asks from a new port each time");
    }

    @Test
    void iperf3UdpRunsThroughTheSocketAndReportsItsLoss() throws Exception {
        // iperf3 sends its control connection (TCP) and its datagrams to one port number: a tcp and a udp socket on
        // a server whose both ranges are that one port.
        int port = TestServers.freeRange(1);
        String range = port + "-" + port;
        h = new Harness(dir.resolve("server"), UdpSockets.config(dir.resolve("server"), port, 1).toBuilder()
                .tcpPorts(range).build());
        int local = TestServers.freeRange(1);
        Path serverLog = dir.resolve("iperf3-server.log");
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "--forceflush", "-B", "127.0.0.1",
                "-p", "" + local)
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        cleanup.add(() -> {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        });
        await().atMost(Duration.ofSeconds(20)).failFast("iperf3 -s exited", () -> !server.isAlive())
                .until(() -> Files.readString(serverLog).contains("Server listening"));
        Harness.Tunnel control = h.create("tcp");
        cleanup.add(h.connectAndAwaitOnline(control, local, new RecordingListener()));
        SocketInfo socket = UdpSockets.create(h, "iperf");
        cleanup.add(UdpSockets.online(h, socket, local, new RecordingListener()));
        assertEquals(port, control.socket().tcpPort());
        assertEquals(port, socket.udpPort());

        Path out = dir.resolve("iperf3-client.json");
        Process client = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", "" + port, "-u", "-b", "50M",
                "-t", "" + IPERF_SECONDS, "-l", "1200", "--json")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = client.waitFor(IPERF_SECONDS + 30L, TimeUnit.SECONDS);
        if (!ended) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String json = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(ended, "iperf3 -u ended: " + json);
        JsonNode result = Json.mapper().readTree(json);
        assertEquals("", result.path("error").asText(""), json);
        assertEquals(0, client.exitValue(), json);
        JsonNode sum = result.path("end").path("sum");
        long packets = sum.path("packets").asLong(-1);
        long lost = sum.path("lost_packets").asLong(-1);
        assertTrue(sum.path("lost_percent").isNumber(), "loss reported: " + sum);
        assertTrue(sum.path("jitter_ms").isNumber(), "jitter reported: " + sum);
        assertTrue(packets > 0 && lost >= 0 && lost < packets, "some datagrams arrived: " + sum);

        Scrape meters = UdpSockets.scrape(h);
        String drops = UdpSockets.drops(Scrape.of(""), meters);
        System.out.printf("iperf3 -u -b 50M -l 1200 -t %d through a udp socket: %d datagrams, %d lost (%.3f %%),"
                        + " jitter %.3f ms; portway in %d out %d, dropped%s%n", IPERF_SECONDS, packets, lost,
                sum.path("lost_percent").asDouble(), sum.path("jitter_ms").asDouble(),
                (long) meters.value("portway_udp_datagrams_total", "direction=in"),
                (long) meters.value("portway_udp_datagrams_total", "direction=out"), drops);
    }
}

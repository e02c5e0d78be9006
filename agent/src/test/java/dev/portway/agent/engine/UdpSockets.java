// What the udp socket tests share: a server config with a free --udp-ports range and a short --udp-idle-timeout, a
// udp socket with an agent online, and a scrape of the server's /metrics (the portway_udp_* meters).
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.config.UdpLimits;
import dev.portway.server.metrics.Scrape;
import dev.portway.server.metrics.UdpDrop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;

final class UdpSockets {
    /** --udp-idle-timeout of the tests' servers: short, so that a flow's end can be awaited. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static final int UDP_PORTS = 20;

    private UdpSockets() {
    }

    /** TestServers.config with --udp-ports a free range of its own and the short idle timeout. */
    static ServerConfig config(Path data) {
        return config(data, TestServers.freeRange(UDP_PORTS), UDP_PORTS);
    }

    static ServerConfig config(Path data, int firstUdpPort, int udpPorts) {
        return TestServers.config(data).toBuilder().udpPorts(firstUdpPort + "-" + (firstUdpPort + udpPorts - 1))
                .udp(new UdpLimits(IDLE_TIMEOUT, UdpLimits.DEFAULTS.maxFlowsPerSocket(),
                        UdpLimits.DEFAULTS.maxFlowsPerAddress()))
                .build();
    }

    /** A tunnel of the socket (a new one each call) with an agent online, relaying flows to localPort. */
    static TunnelAgent online(Harness h, SocketInfo socket, int localPort, RecordingListener listener)
            throws InterruptedException {
        TunnelInfo tunnel = h.api.createTunnel(socket.socketId());
        return h.connectAndAwaitOnline(new Harness.Tunnel(socket, tunnel), localPort, listener);
    }

    static SocketInfo create(Harness h, String name) {
        return h.api.createSocket(new CreateSocket(name, "udp"));
    }

    static Scrape scrape(Harness h) throws IOException {
        try (Response r = h.visitor.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + h.server.config().apiPort() + "/metrics").build()).execute()) {
            if (r.code() != 200) {
                throw new IOException("/metrics answered " + r.code());
            }
            return Scrape.of(r.body().string());
        }
    }

    static double now(Harness h, String metric, String... labels) throws IOException {
        return scrape(h).value(metric, labels);
    }

    static double delta(Scrape before, Scrape after, String metric, String... labels) {
        return after.value(metric, labels) - before.value(metric, labels);
    }

    /** " reason=n" for each reason of portway_udp_dropped_total that moved from before to after, for messages. */
    static String drops(Scrape before, Scrape after) {
        StringBuilder s = new StringBuilder();
        for (UdpDrop reason : UdpDrop.values()) {
            double n = delta(before, after, "portway_udp_dropped_total", "reason=" + reason.label());
            if (n != 0) {
                s.append(' ').append(reason.label()).append('=').append((long) n);
            }
        }
        return s.length() == 0 ? " none" : s.toString();
    }

    /** Waits until the server has no udp flow open (the idle timeout ends the ones earlier tests left). */
    static void awaitNoFlows(Harness h) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> now(h, "portway_udp_flows_open") == 0);
    }
}

// A udp socket on two nodes: its agent is linked to node B, a visitor sends to the socket's UDP port on node A (every
// node opens it), and node A relays the flow to node B over the nodes' link; the echo comes back to the visitor.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.server.metrics.Scrape;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class UdpTwoNodesTest {
    @TempDir
    Path dir;
    TwoNodes nodes;
    UdpEcho echo;
    TunnelAgent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aVisitorAtNodeAIsAnsweredByTheAgentLinkedToNodeB() throws Exception {
        nodes = new TwoNodes(dir);
        echo = new UdpEcho(0);
        SocketInfo socket = nodes.holderApi.createSocket("relayed", "udp");
        TunnelInfo tunnel = nodes.holderApi.createTunnel(socket.socketId());
        RecordingListener listener = new RecordingListener();
        agent = TunnelLauncher.launch(nodes.holderApi, socket.socketId(), tunnel.tunnelId(),
                new LocalTarget("127.0.0.1", echo.port()), listener);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);

        try (UdpVisitor v = new UdpVisitor("127.0.0.2", TwoNodes.ENTRY, socket.udpPort())) {
            // Node A learns of the link from the store: until then its datagrams find no tunnel (and are dropped).
            AtomicInteger n = new AtomicInteger();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ZERO)
                    .until(() -> v.ask("hello-" + n.incrementAndGet(), Duration.ofMillis(500)),
                            a -> a != null && a.startsWith("hello-"));
            byte[] big = new byte[DatagramFrames.MAX_DATAGRAM];
            new Random(7).nextBytes(big);
            v.send(big);
            byte[] back = v.receive(Duration.ofSeconds(5));
            for (int late = 0; back != null && back.length != big.length && late < n.get(); late++) {
                back = v.receive(Duration.ofSeconds(5)); // late answers to the tries above
            }
            assertArrayEquals(big, back, "the largest datagram, byte-exact");
        }
        Scrape entry = Scrape.fetch(HttpClient.newHttpClient(), nodes.entry.config().apiUrl() + "/metrics");
        assertTrue(entry.value("portway_udp_datagrams_total", "direction=out") >= 2, "node A answered the visitor");
    }
}

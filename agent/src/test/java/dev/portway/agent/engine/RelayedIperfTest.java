// iperf3 -P 8 through a tcp socket on the relayed path (visitor at node A, agent linked to node B): eight bulk
// streams and a control connection ride the link between the nodes; all must complete, and the links stay up.
package dev.portway.agent.engine;

import dev.portway.server.TestServers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.reliability.Row;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.SocketInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class RelayedIperfTest {
    private static final int STREAMS = 8;
    /** Odd runs send from the visitor to the local service, even runs the other way (-R). */
    private static final int ROUNDS = 4;
    private static final int SECONDS = 3;

    @TempDir
    Path dir;
    TwoNodes nodes;
    Process server;

    @RegisterExtension
    final Row row = new Row();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void parallelBulkStreamsCompleteOverTheLinkBetweenNodes() throws Exception {
        row.expect("iperf3 -P 8 over a relayed path",
                "a visitor at node A, the agent's link on node B: " + ROUNDS + " runs of iperf3 -P " + STREAMS
                        + " -t " + SECONDS + " (every other one -R) through a tcp socket each complete with all "
                        + STREAMS + " streams; the agent never reconnects");
        nodes = new TwoNodes(dir);
        int iperfPort = TestServers.freeRange(1);
        Path serverLog = dir.resolve("iperf3-server.log");
        server = new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.1", "-p", "" + iperfPort)
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        RecordingListener listener = new RecordingListener();
        SocketInfo socket = nodes.tcpSocketHeldByB(iperfPort, listener);
        int statusesOnline = listener.statuses.size();
        for (int round = 1; round <= ROUNDS; round++) {
            Path out = dir.resolve("iperf3-" + round + ".json");
            List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", TwoNodes.ENTRY, "-p", "" + socket.tcpPort(),
                    "-P", "" + STREAMS, "-t", "" + SECONDS, "-J"));
            boolean reverse = round % 2 == 0;
            if (reverse) {
                cmd.add("-R");
            }
            Process client = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = client.waitFor(SECONDS + 30L, TimeUnit.SECONDS);
            if (!ended) {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            JsonNode result = json.isBlank() ? null : Json.mapper().readTree(json);
            String error = result == null ? "no output" : result.path("error").asText("");
            JsonNode streams = result == null ? null : result.path("end").path("streams");
            int completed = streams == null || !streams.isArray() ? 0 : streams.size();
            double gbits = result == null ? 0
                    : result.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e9;
            row.seen("run %d%s: %s, %d/%d streams, %.2f Gbit/s received%s", round, reverse ? " (-R)" : "",
                    ended ? "exit " + client.exitValue() : "TIMED OUT", completed, STREAMS, gbits,
                    error.isEmpty() ? "" : " (" + error + ")");
            assertTrue(ended, "iperf3 run " + round + " ended");
            assertEquals("", error, "iperf3 run " + round + " reported no error");
            assertEquals(0, client.exitValue(), "iperf3 run " + round + " exit code");
            assertEquals(STREAMS, completed, "iperf3 run " + round + " streams");
        }
        row.seen("agent reconnects: %d", listener.statuses.size() - statusesOnline);
        assertEquals(statusesOnline, listener.statuses.size(),
                "the agent's link stayed up, no reconnects: " + listener.details);
    }

}

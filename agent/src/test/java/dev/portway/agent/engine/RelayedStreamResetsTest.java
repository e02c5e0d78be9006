// Stream resets on the relayed path (visitor at node A, agent linked to node B): many visitors that abort must cost
// only their own streams, on the agent's link and on the link between the nodes alike.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.reliability.AttackCase;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class RelayedStreamResetsTest {
    @TempDir
    Path dir;
    TwoNodes nodes;
    EchoServer echo;

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    /** 250 visitors at node A that abort (RST) after their bytes came back, within seconds. */
    @Test
    @AttackCase(value = "250 aborting visitors over a relayed path", expected = "a visitor at node A, the agent's link"
            + " on node B: 250 visitors that abort (RST) one after another leave a steady visitor's stream and the"
            + " agent's link up (Netty's 200-resets cap closed the link between the nodes at the 201st)")
    void manyVisitorsThatResetDoNotCutTheOtherRelayedStreams() throws Exception {
        nodes = new TwoNodes(dir);
        echo = new EchoServer();
        RecordingListener listener = new RecordingListener();
        SocketInfo socket = nodes.tcpSocketHeldByB(echo.port(), listener);
        int statusesOnline = listener.statuses.size();
        try (Socket steady = TwoNodes.visit(socket.tcpPort())) {
            assertEchoes(steady, "before");
            for (int i = 0; i < 250; i++) {
                Socket aborting = TwoNodes.visit(socket.tcpPort());
                assertEchoes(aborting, "v" + i);
                aborting.setSoLinger(true, 0);
                aborting.close();
            }
            assertEchoes(steady, "after");
        }
        assertEquals(statusesOnline, listener.statuses.size(),
                "the agent's link stayed up, no reconnects: " + listener.details);
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(bytes);
        assertArrayEquals(bytes, s.getInputStream().readNBytes(bytes.length), "echo of " + text);
    }
}

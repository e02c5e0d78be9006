// A tcp or tls connection is reported once, after both its stream and its local connection closed; http never.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portway.protocol.link.StreamMeta;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTallyTest {
    final TrafficCounters totals = new TrafficCounters();
    final List<ConnectionLog> reported = new ArrayList<>();
    /** What the inspector was told: the live connection at each change. */
    final List<LiveConnection> changes = new ArrayList<>();
    final AgentListener listener = new AgentListener() {
        @Override
        public void onConnection(ConnectionLog log) {
            reported.add(log);
        }

        @Override
        public void onConnectionChange(LiveConnection connection) {
            changes.add(connection);
        }
    };

    @Test
    void aTcpConnectionIsReportedOnceBothEndsClosedWithItsBytes() {
        EmbeddedChannel stream = new EmbeddedChannel();
        EmbeddedChannel local = new EmbeddedChannel();
        ConnectionTally tally = new ConnectionTally(new StreamMeta("tcp", "s1", "203.0.113.7:51234", "tcp"), totals,
                listener, stream);
        tally.addIn(10);
        tally.connected(local);
        tally.addIn(5);
        tally.addOut(700);
        stream.close();
        assertEquals(List.of(), reported, "the local connection may still send");
        local.close();
        assertEquals(1, reported.size());
        ConnectionLog c = reported.get(0);
        assertEquals("tcp", c.type());
        assertEquals("s1", c.socketId());
        assertEquals("203.0.113.7:51234", c.visitor());
        assertEquals(15, c.bytesIn());
        assertEquals(700, c.bytesOut());
        assertNull(c.failure());
        assertEquals(15, totals.bytesIn(), "the agent's totals count too");
        assertEquals(700, totals.bytesOut());
    }

    @Test
    void aConnectionTheLocalServiceRefusedIsReportedWithWhy() {
        EmbeddedChannel stream = new EmbeddedChannel();
        ConnectionTally tally = new ConnectionTally(new StreamMeta("tls", "s1", "203.0.113.7:51234", "tls"), totals,
                listener, stream);
        tally.failed("could not reach localhost:9443 (connection refused)");
        stream.close();
        assertEquals(1, reported.size());
        assertEquals("could not reach localhost:9443 (connection refused)", reported.get(0).failure());
        assertEquals("tls", reported.get(0).type());
    }

    @Test
    void theInspectorHearsOfAConnectionWhenItOpensReadsItsCountsWhileItLastsAndHearsItsEnd() {
        EmbeddedChannel stream = new EmbeddedChannel();
        EmbeddedChannel local = new EmbeddedChannel();
        ConnectionTally tally = new ConnectionTally(new StreamMeta("tls", "s1", "203.0.113.7:51234", "tls",
                "app.portway.example"), totals, listener, stream);
        assertEquals(1, changes.size(), "told when it opens, before any byte");
        Connection open = changes.get(0).now();
        assertEquals(Connection.State.OPEN, open.state());
        assertEquals("app.portway.example", open.sni());
        assertEquals("tls", open.type());
        tally.connected(local);
        tally.addIn(10);
        tally.addOut(20);
        assertEquals(10, changes.get(0).now().bytesIn(), "read live");
        assertEquals(20, changes.get(0).now().bytesOut());
        local.close();
        stream.close();
        assertEquals(2, changes.size(), "told again once both ends closed");
        Connection closed = changes.get(1).now();
        assertEquals(Connection.State.CLOSED, closed.state());
        assertEquals(open.id(), closed.id());
        assertEquals(10, closed.bytesIn());
        assertEquals(closed.durationMillis(), changes.get(1).now().durationMillis(), "final: the clock stopped");
    }

    @Test
    void aRefusedConnectionEndsFailed() {
        EmbeddedChannel stream = new EmbeddedChannel();
        ConnectionTally tally = new ConnectionTally(new StreamMeta("tcp", "s1", "203.0.113.7:2", "tcp"), totals,
                listener, stream);
        tally.failed("could not reach localhost:22 (connection refused)");
        assertEquals(Connection.State.OPEN, changes.get(0).now().state(), "open until it closed");
        stream.close();
        assertNotEquals(changes.get(0).now().id(), new ConnectionTally(new StreamMeta("tcp", "s1", "203.0.113.7:3",
                "tcp"), totals, listener, new EmbeddedChannel()).now().id(), "each has an id of its own");
        Connection failed = changes.get(1).now();
        assertEquals(Connection.State.FAILED, failed.state());
        assertEquals("could not reach localhost:22 (connection refused)", failed.failure());
    }

    @Test
    void httpStreamsAreCountedButNotReported() {
        EmbeddedChannel stream = new EmbeddedChannel();
        EmbeddedChannel local = new EmbeddedChannel();
        ConnectionTally tally = new ConnectionTally(new StreamMeta(StreamMeta.KIND_HTTP, "s1", "203.0.113.7:1",
                "http"), totals, listener, stream);
        tally.connected(local);
        tally.addOut(3);
        local.close();
        stream.close();
        assertEquals(List.of(), reported);
        assertEquals(List.of(), changes, "an http stream is shown per exchange");
        assertEquals(3, totals.bytesOut());
    }
}

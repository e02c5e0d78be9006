// The text line of a tcp or tls connection (or a udp flow): who, how long, bytes (and datagrams) each way; or why it
// failed.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionLogTest {
    @Test
    void aClosedConnectionSaysHowLongAndHowMuch() {
        ConnectionLog c = new ConnectionLog(Instant.parse("2026-12-07T01:00:00Z"), "tcp", "s1", "203.0.113.7:51234",
                1204, 52, 3400, null);
        assertEquals("tcp 203.0.113.7:51234 closed 1204 ms in 52 B out 3.4 kB", c.line());
    }

    @Test
    void aFailedConnectionSaysWhy() {
        ConnectionLog c = new ConnectionLog(Instant.parse("2026-12-07T01:00:00Z"), "tls", "s1", "203.0.113.7:51234",
                3, 517, 0, "could not reach localhost:22 (connection refused)");
        assertEquals("tls 203.0.113.7:51234 failed: could not reach localhost:22 (connection refused)", c.line());
    }

    @Test
    void aUdpFlowCountsItsDatagramsAndSaysWhatWasDropped() {
        ConnectionLog flow = new ConnectionLog(Instant.parse("2026-12-07T01:00:00Z"), "udp", "s1",
                "203.0.113.7:51234", 60_012, 120, 480, null, 3, 3, 0);
        assertEquals("udp 203.0.113.7:51234 closed 60012 ms in 3 datagrams 120 B out 3 datagrams 480 B", flow.line());
        ConnectionLog lossy = new ConnectionLog(Instant.parse("2026-12-07T01:00:00Z"), "udp", "s1",
                "203.0.113.7:51234", 5, 12_000, 0, null, 10, 0, 2);
        assertEquals("udp 203.0.113.7:51234 closed 5 ms in 10 datagrams 12.0 kB out 0 datagrams 0 B dropped 2",
                lossy.line());
    }
}

// The text line of a tcp or tls connection: who, how long, bytes each way; or why it failed.
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
}

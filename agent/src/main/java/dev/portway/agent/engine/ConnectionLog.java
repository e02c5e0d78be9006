// One tcp or tls visitor connection relayed through the tunnel, reported once it ended: what the agent prints.
package dev.portway.agent.engine;

import java.time.Instant;

/**
 * time: when the visitor's stream opened; bytesIn: from the visitor to the local service; bytesOut: back; failure:
 * why the local service could not be reached, or null.
 */
public record ConnectionLog(Instant time, String type, String socketId, String visitor, long durationMillis,
                            long bytesIn, long bytesOut, String failure) {

    /** "tcp 203.0.113.7:51234 closed 1204 ms in 52 B out 3.4 kB", or "tcp 203.0.113.7:51234 failed: why". */
    public String line() {
        String who = type + " " + visitor;
        return failure != null ? who + " failed: " + failure
                : who + " closed " + durationMillis + " ms in " + Sizes.human(bytesIn) + " out "
                + Sizes.human(bytesOut);
    }
}

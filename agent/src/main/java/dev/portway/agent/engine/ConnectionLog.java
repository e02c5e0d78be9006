// One tcp or tls visitor connection, or one udp flow, relayed through the tunnel, reported once it ended: what the
// agent prints.
package dev.portway.agent.engine;

import dev.portway.protocol.link.StreamMeta;
import java.time.Instant;

/**
 * time: when the visitor's stream opened; bytesIn: from the visitor to the local service; bytesOut: back; failure:
 * why the local service could not be reached, or null. For a udp flow, datagramsIn and datagramsOut count the
 * datagrams each way, and datagramsDropped those dropped here (the local socket or the stream could not take them).
 */
public record ConnectionLog(Instant time, String type, String socketId, String visitor, long durationMillis,
                            long bytesIn, long bytesOut, String failure, long datagramsIn, long datagramsOut,
                            long datagramsDropped) {

    /** A tcp or tls connection: no datagrams. */
    public ConnectionLog(Instant time, String type, String socketId, String visitor, long durationMillis,
                         long bytesIn, long bytesOut, String failure) {
        this(time, type, socketId, visitor, durationMillis, bytesIn, bytesOut, failure, 0, 0, 0);
    }

    public boolean isUdp() {
        return StreamMeta.KIND_UDP.equals(type);
    }

    /**
     * "tcp 203.0.113.7:51234 closed 1204 ms in 52 B out 3.4 kB", "udp 203.0.113.7:51234 closed 60012 ms in 3
     * datagrams 120 B out 3 datagrams 480 B", or "tcp 203.0.113.7:51234 failed: why".
     */
    public String line() {
        String who = type + " " + visitor;
        if (failure != null) {
            return who + " failed: " + failure;
        }
        if (isUdp()) {
            return who + " closed " + durationMillis + " ms in " + datagramsIn + " datagrams " + Sizes.human(bytesIn)
                    + " out " + datagramsOut + " datagrams " + Sizes.human(bytesOut)
                    + (datagramsDropped > 0 ? " dropped " + datagramsDropped : "");
        }
        return who + " closed " + durationMillis + " ms in " + Sizes.human(bytesIn) + " out " + Sizes.human(bytesOut);
    }
}

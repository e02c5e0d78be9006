// One tcp or tls visitor connection, or one udp flow, as the inspector shows it: open (its counts so far), then
// closed or failed (final).
package dev.portway.agent.engine;

import java.time.Instant;

/**
 * id: unique in the process; sni: the name a tls visitor asked for, or null; bytesIn: from the visitor to the local
 * service; bytesOut: back; datagrams (udp only, else 0) likewise; failure: why the local service could not be
 * reached, or null.
 */
public record Connection(long id, String type, String socketId, String visitor, String sni, Instant started,
                         State state, long durationMillis, long bytesIn, long bytesOut, long datagramsIn,
                         long datagramsOut, long datagramsDropped, String failure) implements LiveConnection {

    public enum State { OPEN, CLOSED, FAILED }

    /** A snapshot is its own latest state. */
    @Override
    public Connection now() {
        return this;
    }
}

// Counts one visitor connection's bytes (into the agent's totals as well) and, for a tcp or tls socket (or a udp
// flow), reports the connection once both its stream and its local connection are closed, so the counts are final.
package dev.portway.agent.engine;

import dev.portway.protocol.link.StreamMeta;
import io.netty.channel.Channel;
import java.time.Instant;

final class ConnectionTally {
    private final StreamMeta meta;
    private final TrafficCounters totals;
    private final AgentListener listener;
    private final Instant opened = Instant.now();
    private final long start = System.nanoTime();
    // Plain fields: the stream and its local connection share one event loop (the local one is opened on it).
    private long in;
    private long out;
    private long datagramsIn;
    private long datagramsOut;
    private long dropped;
    private String failure;
    private int open = 1;

    ConnectionTally(StreamMeta meta, TrafficCounters totals, AgentListener listener, Channel stream) {
        this.meta = meta;
        this.totals = totals;
        this.listener = listener;
        watch(stream);
    }

    void addIn(long n) {
        in += n;
        totals.addIn(n);
    }

    void addOut(long n) {
        out += n;
        totals.addOut(n);
    }

    /** A datagram of a udp flow went to the local service. */
    void datagramIn(int bytes) {
        datagramsIn++;
        addIn(bytes);
    }

    /** A datagram of a udp flow went back toward the visitor. */
    void datagramOut(int bytes) {
        datagramsOut++;
        addOut(bytes);
    }

    /** A datagram of a udp flow could not be passed on (the local socket or the stream was full). */
    void dropped() {
        dropped++;
    }

    /** The local connection is up: the report waits for it to close too. */
    void connected(Channel local) {
        open++;
        watch(local);
    }

    void failed(String reason) {
        failure = reason;
    }

    /** An http stream is reported per exchange, not as a connection: nothing to wait for. */
    private void watch(Channel ch) {
        if (!meta.isHttp()) {
            ch.closeFuture().addListener(f -> closed());
        }
    }

    private void closed() {
        if (--open == 0) {
            listener.onConnection(new ConnectionLog(opened, meta.kind(), meta.socketId(), meta.visitor(),
                    (System.nanoTime() - start) / 1_000_000, in, out, failure, datagramsIn, datagramsOut, dropped));
        }
    }
}

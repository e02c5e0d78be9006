// Counts one visitor connection's bytes (into the agent's totals as well) and, for a tcp or tls socket (or a udp
// flow), reports the connection when it opens (for the inspector, which reads its counts while it lasts) and once both
// its stream and its local connection are closed, so the counts are final.
package dev.portway.agent.engine;

import dev.portway.protocol.link.StreamMeta;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

final class ConnectionTally implements LiveConnection {
    /** Connection ids, unique in the process, so the tunnels of one process can share an inspector. */
    private static final AtomicLong IDS = new AtomicLong();

    private final long id;
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
    /** When both ends had closed (nanoTime; 0 while open), for the final duration. */
    private long ended;

    ConnectionTally(StreamMeta meta, TrafficCounters totals, AgentListener listener, Channel stream) {
        this.meta = meta;
        this.totals = totals;
        this.listener = listener;
        this.id = meta.isHttp() ? 0 : IDS.incrementAndGet();
        watch(stream);
        if (!meta.isHttp()) {
            listener.onConnectionChange(this);
        }
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
            long now = System.nanoTime();
            ended = now == 0 ? 1 : now; // 0 means open
            listener.onConnection(new ConnectionLog(opened, meta.kind(), meta.socketId(), meta.visitor(),
                    (ended - start) / 1_000_000, in, out, failure, datagramsIn, datagramsOut, dropped));
            listener.onConnectionChange(this);
        }
    }

    /**
     * Read by the inspector, on its own thread, from the plain fields the data path writes: no lock and no fence on
     * the data path; a count read while the connection is open may lag (long fields are atomic on the 64-bit JVMs
     * the agent runs on).
     */
    @Override
    public Connection now() {
        long end = ended; // set once both ends closed: read it, not open, so a done one always has its end
        boolean done = end != 0;
        long until = done ? end : System.nanoTime();
        Connection.State state = !done ? Connection.State.OPEN
                : failure != null ? Connection.State.FAILED : Connection.State.CLOSED;
        return new Connection(id, meta.kind(), meta.socketId(), meta.visitor(), meta.sni(), opened, state,
                (until - start) / 1_000_000, in, out, datagramsIn, datagramsOut, dropped, failure);
    }
}

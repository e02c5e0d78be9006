// Counts one visitor connection's bytes (into the agent's totals as well) and, for a tcp or tls socket (or a udp
// flow), reports the connection when it opens (for the inspector, which reads its counts while it lasts) and once both
// its stream and its local connection are closed, so the counts are final.
package dev.portway.agent.engine;

import dev.portway.protocol.link.StreamMeta;
import io.netty.channel.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

final class ConnectionTally implements LiveConnection {
    /** Connection ids, unique in the process, so the tunnels of one process can share an inspector. */
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle IN;
    private static final VarHandle OUT;
    private static final VarHandle DATAGRAMS_IN;
    private static final VarHandle DATAGRAMS_OUT;
    private static final VarHandle DROPPED;
    private static final VarHandle FAILURE;
    private static final VarHandle ENDED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN = lookup.findVarHandle(ConnectionTally.class, "in", long.class);
            OUT = lookup.findVarHandle(ConnectionTally.class, "out", long.class);
            DATAGRAMS_IN = lookup.findVarHandle(ConnectionTally.class, "datagramsIn", long.class);
            DATAGRAMS_OUT = lookup.findVarHandle(ConnectionTally.class, "datagramsOut", long.class);
            DROPPED = lookup.findVarHandle(ConnectionTally.class, "dropped", long.class);
            FAILURE = lookup.findVarHandle(ConnectionTally.class, "failure", String.class);
            ENDED = lookup.findVarHandle(ConnectionTally.class, "ended", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final StreamMeta meta;
    private final TrafficCounters totals;
    private final AgentListener listener;
    private final Instant opened = Instant.now();
    private final long start = System.nanoTime();
    // One writer: the stream and its local connection share one event loop (the local one is opened on it). It reads
    // them plainly and stores them opaque (a plain store on x86 and ARM, no fence), so that the inspector's thread
    // reads whole, fresh values with getOpaque; ended is stored with release once, after the last count.
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
        IN.setOpaque(this, in + n);
        totals.addIn(n);
    }

    void addOut(long n) {
        OUT.setOpaque(this, out + n);
        totals.addOut(n);
    }

    /** A datagram of a udp flow went to the local service. */
    void datagramIn(int bytes) {
        DATAGRAMS_IN.setOpaque(this, datagramsIn + 1);
        addIn(bytes);
    }

    /** A datagram of a udp flow went back toward the visitor. */
    void datagramOut(int bytes) {
        DATAGRAMS_OUT.setOpaque(this, datagramsOut + 1);
        addOut(bytes);
    }

    /** A datagram of a udp flow could not be passed on (the local socket or the stream was full). */
    void dropped() {
        DROPPED.setOpaque(this, dropped + 1);
    }

    /** The local connection is up: the report waits for it to close too. */
    void connected(Channel local) {
        open++;
        watch(local);
    }

    void failed(String reason) {
        FAILURE.setOpaque(this, reason);
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
            long end = now == 0 ? 1 : now; // 0 means open
            ENDED.setRelease(this, end); // the counts before it are seen by whoever reads it with acquire
            listener.onConnection(new ConnectionLog(opened, meta.kind(), meta.socketId(), meta.visitor(),
                    (end - start) / 1_000_000, in, out, failure, datagramsIn, datagramsOut, dropped));
            listener.onConnectionChange(this);
        }
    }

    /**
     * Read by the inspector, on its own thread: no lock and no fence on the data path. A count read while the
     * connection is open may lag a little; once ended is seen (acquire), every count is final.
     */
    @Override
    public Connection now() {
        long end = (long) ENDED.getAcquire(this); // read it, not open, so a done one always has its end
        boolean done = end != 0;
        long until = done ? end : System.nanoTime();
        String failed = (String) FAILURE.getOpaque(this);
        Connection.State state = !done ? Connection.State.OPEN
                : failed != null ? Connection.State.FAILED : Connection.State.CLOSED;
        return new Connection(id, meta.kind(), meta.socketId(), meta.visitor(), meta.sni(), opened, state,
                (until - start) / 1_000_000, (long) IN.getOpaque(this), (long) OUT.getOpaque(this),
                (long) DATAGRAMS_IN.getOpaque(this), (long) DATAGRAMS_OUT.getOpaque(this),
                (long) DROPPED.getOpaque(this), failed);
    }
}

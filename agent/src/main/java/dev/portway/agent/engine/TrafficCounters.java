// Live totals of one agent: bytes each way and open connections; read by the CLI and the app.
package dev.portway.agent.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public final class TrafficCounters {
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();

    /** Bytes from visitors to the local service. */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** Bytes from the local service to visitors. */
    public long bytesOut() {
        return bytesOut.get();
    }

    public int openConnections() {
        return open.get();
    }

    void addIn(long n) {
        bytesIn.addAndGet(n);
    }

    void addOut(long n) {
        bytesOut.addAndGet(n);
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }
}

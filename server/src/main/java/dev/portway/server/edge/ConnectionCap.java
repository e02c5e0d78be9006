// Caps visitor connections in total and per client address, over every edge port; the excess is closed right
// after accept, before any handler or buffer is spent on it.
package dev.portway.server.edge;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ConnectionCap {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final int max;
    private final int perAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong refusedSinceLog = new AtomicLong();

    public ConnectionCap(int max, int perAddress) {
        this.max = max;
        this.perAddress = perAddress;
    }

    /** Counts the new connection until it closes; false (and closed) when it is one too many. */
    boolean admit(Channel ch) {
        InetAddress address = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        AtomicInteger mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int fromAddress = mine.incrementAndGet();
        int all = total.incrementAndGet();
        ch.closeFuture().addListener(f -> release(address, mine));
        if (all > max || fromAddress > perAddress) {
            refused(address, all > max);
            ch.close();
            return false;
        }
        return true;
    }

    private void release(InetAddress address, AtomicInteger mine) {
        total.decrementAndGet();
        if (mine.decrementAndGet() == 0) {
            byAddress.remove(address, mine);
        }
    }

    /** One log line per 10 s at most, however many are refused: a flood must not fill the disk too. */
    private void refused(InetAddress address, boolean overall) {
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("refused {} visitor connection(s) in the last 10 s; latest from {} ({})",
                    refusedSinceLog.getAndSet(0), address.getHostAddress(),
                    overall ? "the server has " + max + " open" : "it has " + perAddress + " open");
        }
    }

    public int open() {
        return total.get();
    }
}

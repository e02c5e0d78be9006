// Caps visitor connections in total and per client address, over every edge port; the excess is closed right
// after accept, before any handler or buffer is spent on it.
package dev.portway.server.edge;

import dev.portway.server.log.LogThrottle;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ConnectionCap {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);

    private final int max;
    private final int perAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10));

    public ConnectionCap(int max, int perAddress) {
        this.max = max;
        this.perAddress = perAddress;
    }

    /** Counts the new connection until it closes; false (and closed) when it is one too many. */
    boolean admit(Channel ch) {
        if (!count(ch)) {
            ch.close();
            return false;
        }
        return true;
    }

    /** Counts the new connection (or HTTP/2 stream) until it closes; false when it is one too many. */
    boolean count(Channel ch) {
        InetAddress address = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        int[] fromAddress = new int[1];
        // Counted inside compute: a release that empties the entry cannot race an increment onto a detached counter.
        byAddress.compute(address, (a, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            fromAddress[0] = c.incrementAndGet();
            return c;
        });
        int all = total.incrementAndGet();
        ch.closeFuture().addListener(f -> release(address));
        if (all > max || fromAddress[0] > perAddress) {
            refused(address, all > max);
            return false;
        }
        return true;
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        byAddress.computeIfPresent(address, (a, c) -> c.decrementAndGet() == 0 ? null : c);
    }

    private void refused(InetAddress address, boolean overall) {
        refusals.hit(n -> LOG.warn("refused {} visitor connection(s) in the last 10 s; latest from {} ({})", n,
                address.getHostAddress(), overall ? "the server has " + max + " open" : "it has " + perAddress
                        + " open"));
    }

    public int open() {
        return total.get();
    }
}

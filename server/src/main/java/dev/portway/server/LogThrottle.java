// One log line per period at most for a thing that can happen thousands of times a second (refused connections,
// garbage on a port), carrying how many times it happened: a flood must not fill the disk too.
package dev.portway.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

public final class LogThrottle {
    private final long periodNanos;
    private final AtomicLong last;
    private final AtomicLong count = new AtomicLong();

    public LogThrottle(Duration period) {
        this.periodNanos = period.toNanos();
        this.last = new AtomicLong(System.nanoTime() - periodNanos);
    }

    /** Counts one occurrence; when a period has passed, logs once with the count since the last line. */
    public void hit(LongConsumer logLine) {
        count.incrementAndGet();
        long now = System.nanoTime();
        long before = last.get();
        if (now - before >= periodNanos && last.compareAndSet(before, now)) {
            logLine.accept(count.getAndSet(0));
        }
    }
}

// One log line per period at most for a thing that can happen thousands of times a second (refused connections,
// garbage on a port), carrying how many times it happened: a flood must not fill the disk too.
package dev.portway.server.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

public final class LogThrottle {
    private final long periodNanos;
    private final AtomicLong last;
    private final AtomicLong count = new AtomicLong();
    private final LongSupplier nanoTime;

    public LogThrottle(Duration period) {
        this(period, System::nanoTime);
    }

    /** nanoTime: the clock periods are measured on (a test's own). */
    public LogThrottle(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.last = new AtomicLong(nanoTime.getAsLong() - periodNanos);
    }

    /** For the end of a line: how many more occurrences than its own the line stands for, if any. */
    public static String more(long n) {
        return n > 1 ? " (and " + (n - 1) + " more like it since the last such line)" : "";
    }

    /** Counts one occurrence; when a period has passed, logs once with the count since the last line. */
    public void hit(LongConsumer logLine) {
        count.incrementAndGet();
        long now = nanoTime.getAsLong();
        long before = last.get();
        if (now - before >= periodNanos && last.compareAndSet(before, now)) {
            logLine.accept(count.getAndSet(0));
        }
    }
}

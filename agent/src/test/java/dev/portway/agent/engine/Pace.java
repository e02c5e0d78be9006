// A rate for a test's workload (a slow reader, one message a second): a clock hands out permits, the workload waits
// for them. It shapes the load; it is never what a test checks.
package dev.portway.agent.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

public final class Pace implements AutoCloseable {
    private final Semaphore permits;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-pace");
        t.setDaemon(true);
        return t;
    });

    /** perTick permits every tick, the first batch at once. */
    public Pace(int perTick, Duration tick) {
        permits = new Semaphore(perTick);
        clock.scheduleAtFixedRate(() -> permits.release(perTick), tick.toNanos(), tick.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Bytes at about bytesPerSecond, in permits of one KiB handed out every 10 ms. */
    public static Pace bytes(long bytesPerSecond) {
        return new Pace((int) Math.max(1, bytesPerSecond / 1024 / 100), Duration.ofMillis(10));
    }

    public void take(int n) throws InterruptedException {
        permits.acquire(n);
    }

    /** For a reader: waits until n more bytes are due (whole KiB; a remainder is carried to the next call). */
    private long carried;

    public void takeBytes(int n) throws InterruptedException {
        carried += n;
        int kib = (int) (carried / 1024);
        carried -= kib * 1024L;
        permits.acquire(kib);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}

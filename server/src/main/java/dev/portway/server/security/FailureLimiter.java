// Counts failed attempts per key (an address, an account) in a sliding window; past the limit the key waits
// until its oldest failure leaves the window. Nothing is locked for good, and a success clears the key. Attempts
// limited however they end (sign-ups per address) are counted with take().
package dev.portway.server.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class FailureLimiter {
    /** Bounds memory under a flood of distinct keys: expired entries go first, then everything. */
    private static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public FailureLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long the key must wait before its next attempt; zero when it may go ahead. */
    public Duration retryAfter(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        synchronized (times) {
            expire(times, now);
            if (times.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.ofMillis(Math.max(1, times.peekFirst() + window.toMillis() - now));
        }
    }

    public void failed(String key) {
        Deque<Long> times = times(key);
        synchronized (times) {
            record(times);
        }
    }

    /**
     * Counts an attempt that is limited whether it succeeds or not (a sign-up): under the limit it is recorded and
     * zero returned, else nothing is recorded and the wait returned. Check and record are one step, so racing
     * attempts never pass the limit.
     */
    public Duration take(String key) {
        Deque<Long> times = times(key);
        long now = clock.millis();
        synchronized (times) {
            expire(times, now);
            if (times.size() >= maxFailures) {
                return Duration.ofMillis(Math.max(1, times.peekFirst() + window.toMillis() - now));
            }
            record(times);
            return Duration.ZERO;
        }
    }

    private Deque<Long> times(String key) {
        if (failures.size() >= MAX_KEYS) {
            long now = clock.millis();
            failures.values().removeIf(t -> {
                synchronized (t) {
                    expire(t, now);
                    return t.isEmpty();
                }
            });
            if (failures.size() >= MAX_KEYS) {
                failures.clear();
            }
        }
        return failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    }

    private void record(Deque<Long> times) {
        times.addLast(clock.millis());
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void expire(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() + window.toMillis() <= now) {
            times.removeFirst();
        }
    }

    /** Whole seconds to wait, rounded up, as an HTTP Retry-After header carries them. */
    public static long seconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }
}

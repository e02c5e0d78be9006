// Capped exponential backoff with jitter: 0.5 s doubling to 30 s, each delay drawn from its upper half.
package dev.portway.agent.engine;

import java.time.Duration;
import java.util.Random;

public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int attempt;

    public Backoff(Duration initial, Duration max, Random random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random());
    }

    /** The next delay; grows until the cap and stays there. */
    public Duration next() {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt, 20));
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    public void reset() {
        attempt = 0;
    }
}

// Failed attempts: counted per key in a sliding window, a wait past the limit, cleared by time and by success; and
// attempts limited however they end (take), counted only while under the limit.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.server.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {
    private final TestClock clock = new TestClock();

    @Test
    void waitsPastTheLimitUntilTheOldestFailureLeavesTheWindow() {
        FailureLimiter limiter = new FailureLimiter(3, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.retryAfter("a"));
            limiter.failed("a");
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(Duration.ofSeconds(30), limiter.retryAfter("a"), "the first failure leaves at 60 s");
        assertEquals(Duration.ZERO, limiter.retryAfter("b"), "keys are counted apart");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Duration.ZERO, limiter.retryAfter("a"));
        limiter.failed("a");
        assertEquals(Duration.ofSeconds(10), limiter.retryAfter("a"));
        limiter.succeeded("a");
        assertEquals(Duration.ZERO, limiter.retryAfter("a"), "a success clears the key");
        assertEquals(2, FailureLimiter.seconds(Duration.ofMillis(1001)));
    }

    @Test
    void takeCountsAttemptsUpToTheLimitAndRefusedOnesNot() {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofHours(1), clock);
        assertEquals(Duration.ZERO, limiter.take("a"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Duration.ZERO, limiter.take("a"));
        assertEquals(Duration.ofMinutes(59), limiter.take("a"), "until the first leaves the window");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Duration.ofMinutes(58), limiter.take("a"), "a refused attempt is not counted");
        assertEquals(Duration.ZERO, limiter.take("b"), "keys are counted apart");
        clock.advance(Duration.ofMinutes(58));
        assertEquals(Duration.ZERO, limiter.take("a"));
    }
}

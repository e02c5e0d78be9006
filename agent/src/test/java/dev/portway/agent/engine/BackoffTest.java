// Backoff doubles from 0.5 s to a 30 s cap, jitters within the upper half, and starts over after a reset.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesWithinJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(3));
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ceiling : ceilings) {
            long d = b.next().toMillis();
            assertTrue(d >= ceiling / 2 && d <= ceiling, d + " not in [" + ceiling / 2 + ", " + ceiling + "]");
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(b.next().toMillis() <= 30000);
        }
    }

    @Test
    void resetStartsOver() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(3));
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        b.reset();
        assertTrue(b.next().toMillis() <= 500);
    }

    @Test
    void jitterSpreadsAgentsApart() {
        Backoff a = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(1));
        Backoff c = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(2));
        for (int i = 0; i < 5; i++) {
            a.next();
            c.next();
        }
        assertTrue(a.next().toMillis() != c.next().toMillis());
        assertEquals("1.2 kB", Sizes.human(1154));
    }
}

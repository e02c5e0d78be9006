// A flood of the same event makes one log line per period, which counts the events it stands for.
package dev.portway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    @Test
    void oneLineForAFloodThenNoneUntilThePeriodEnds() {
        LogThrottle throttle = new LogThrottle(Duration.ofHours(1));
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            throttle.hit(lines::add);
        }
        assertEquals(List.of(1L), lines, "the first occurrence is logged at once; the rest wait for the period");
        LogThrottle always = new LogThrottle(Duration.ZERO);
        List<Long> each = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            always.hit(each::add);
        }
        assertEquals(List.of(1L, 1L, 1L), each);
    }
}

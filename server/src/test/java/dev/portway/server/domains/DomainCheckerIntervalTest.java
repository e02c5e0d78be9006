// How often a pending domain is looked up: every 5 s at first, then as long apart as the checks have gone on (so
// twice as long each time), never more than 5 minutes apart.
package dev.portway.server.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DomainCheckerIntervalTest {
    @Test
    void checksBackOffByDoublingFromFiveSecondsToFiveMinutes() {
        long elapsed = 0;
        StringBuilder waits = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            long wait = DomainChecker.interval(elapsed);
            waits.append(wait / 1000).append(' ');
            elapsed += wait;
        }
        assertEquals("5 5 10 20 40 80 160 300 300 ", waits.toString());
    }

    @Test
    void aDayOfChecksIsAFewHundredLookups() {
        long elapsed = 0;
        int lookups = 0;
        while (elapsed < DomainChecker.GIVE_UP_AFTER.toMillis()) {
            elapsed += DomainChecker.interval(elapsed);
            lookups++;
        }
        assertEquals(294, lookups);
    }
}

// --signup-rate's syntax: COUNT/UNIT, and a one-line reason for anything else.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignupRateTest {
    @Test
    void readsCountPerUnit() {
        assertEquals(new SignupRate(5, Duration.ofHours(1), "hour"), SignupRate.parse("5/h"));
        assertEquals(new SignupRate(20, Duration.ofDays(1), "day"), SignupRate.parse(" 20/d "));
        assertEquals(Duration.ofMinutes(1), SignupRate.parse("1/m").per());
        assertEquals("3 per second", SignupRate.parse("3/s").toString());
        assertEquals(SignupRate.parse("5/h"), SignupRate.DEFAULT);
    }

    @Test
    void refusesAnythingElseInOneLine() {
        for (String bad : new String[]{"", "5", "5/hour", "0/h", "-1/h", "h/5", "5/w", "1234567/h", "5 / h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignupRate.parse(bad));
            assertTrue(e.getMessage().startsWith("--signup-rate takes sign-ups per address like 5/h"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}

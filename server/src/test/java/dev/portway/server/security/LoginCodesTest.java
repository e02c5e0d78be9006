// One-time admin sign-in codes: each works once, not past its minute, and a user holds only a few at a time.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.TestClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginCodesTest {
    private final TestClock clock = new TestClock();
    private final LoginCodes codes = new LoginCodes(clock);

    @Test
    void aCodeWorksOnceForItsUser() {
        String code = codes.issue("ann").orElseThrow();
        assertTrue(code.length() >= 40, "a code carries 256 random bits: " + code);
        assertNotEquals(code, codes.issue("ann").orElseThrow(), "every code is new");
        assertEquals(Optional.of("ann"), codes.redeem(code));
        assertEquals(Optional.empty(), codes.redeem(code), "a second use is refused");
    }

    @Test
    void aCodeExpiresAfterItsMinute() {
        String late = codes.issue("ann").orElseThrow();
        clock.advance(LoginCodes.LIFETIME.minusMillis(1));
        String inTime = codes.issue("ann").orElseThrow();
        assertEquals(Optional.of("ann"), codes.redeem(inTime));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), codes.redeem(late), "expired at exactly its lifetime");
    }

    @Test
    void unknownOrMalformedCodesAreRefused() {
        codes.issue("ann");
        assertEquals(Optional.empty(), codes.redeem(null));
        assertEquals(Optional.empty(), codes.redeem(""));
        assertEquals(Optional.empty(), codes.redeem("x".repeat(10_000)));
        assertEquals(Optional.empty(), codes.redeem("not-a-code"));
    }

    @Test
    void aUserHoldsOnlyAFewLiveCodesUntilTheOldestExpires() {
        for (int i = 0; i < LoginCodes.OUTSTANDING_PER_USER; i++) {
            assertTrue(codes.issue("ann").isPresent());
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(Optional.empty(), codes.issue("ann"), "over the cap");
        assertTrue(codes.issue("bob").isPresent(), "users are counted apart");
        Duration wait = codes.untilNext("ann");
        assertEquals(LoginCodes.LIFETIME.minusSeconds(10L * LoginCodes.OUTSTANDING_PER_USER), wait);
        clock.advance(wait);
        assertTrue(codes.issue("ann").isPresent(), "the oldest expired: one more may be had");
    }
}

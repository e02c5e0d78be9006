// The idle trimmer: its property (seconds, 0 or absent for off, anything else refused in one plain line), and a
// trim run once when a process goes quiet after a burst of allocation, with a fake heap and a counting trim.
package dev.portway.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleTrimTest {
    @Test
    void absentBlankAndZeroMeanOff() {
        assertEquals(0, IdleTrim.seconds(null));
        assertEquals(0, IdleTrim.seconds(" "));
        assertEquals(0, IdleTrim.seconds("0"));
    }

    @Test
    void secondsAreAWholeNumber() {
        assertEquals(10, IdleTrim.seconds("10"));
        assertEquals(86_400, IdleTrim.seconds(" 86400 "));
    }

    @Test
    void anythingElseIsOnePlainLine() {
        for (String bad : new String[] {"-1", "86401", "10s", "1.5", "ten"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleTrim.seconds(bad));
            assertEquals("-Dportway.idleTrimSeconds must be a whole number of seconds from 0 (off) to 86400, not "
                    + bad, e.getMessage());
        }
    }

    @Test
    void trimsOnceAfterTheQuietSecondsThatFollowABurst() {
        AtomicLong heap = new AtomicLong(30L << 20);
        AtomicInteger trims = new AtomicInteger();
        IdleTrim idle = new IdleTrim(3, heap::get, () -> {
            trims.incrementAndGet();
            heap.set(8L << 20);  // what the full collection leaves
        });
        idle.step();  // the first sample: start-up was work
        for (int i = 0; i < 2; i++) {
            idle.step();
        }
        assertEquals(0, trims.get());
        idle.step();
        assertEquals(1, trims.get());
        for (int i = 0; i < 10; i++) {
            idle.step();
        }
        assertEquals(1, trims.get(), "no new work, no new trim");

        for (int i = 0; i < 5; i++) {  // traffic: 4 MiB a second
            heap.addAndGet(4L << 20);
            idle.step();
        }
        assertEquals(1, trims.get(), "never while busy");
        for (int i = 0; i < 3; i++) {
            idle.step();
        }
        assertEquals(2, trims.get());
    }
}

// Byte counts for people: one decimal in the largest unit that fits, rounded half up.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void printsBytesBelowAKilobyteAsTheyAre() {
        assertEquals("0 B", Sizes.human(0));
        assertEquals("999 B", Sizes.human(999));
    }

    @Test
    void roundsToOneDecimalInTheLargestFittingUnit() {
        assertEquals("1.0 kB", Sizes.human(1000));
        assertEquals("1.0 kB", Sizes.human(1024));
        assertEquals("1.2 kB", Sizes.human(1154));
        assertEquals("1.1 kB", Sizes.human(1050));
        assertEquals("999.9 kB", Sizes.human(999_940));
        assertEquals("1000.0 kB", Sizes.human(999_950));
        assertEquals("1.0 MB", Sizes.human(1_000_000));
        assertEquals("1.1 GB", Sizes.human(1_073_741_824));
        assertEquals("12345.7 TB", Sizes.human(12_345_678_000_000_000L));
    }
}

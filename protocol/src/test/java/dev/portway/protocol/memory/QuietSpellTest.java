// When the heap's used bytes say a process has gone quiet after work: once per spell, after enough quiet samples,
// with a collection counted as work.
package dev.portway.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietSpellTest {
    private static final long MIB = 1 << 20;

    /** The samples (used heap bytes) after which sample() said trim, by index. */
    private static List<Integer> trimsAt(QuietSpell spell, long... used) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            if (spell.sample(used[i])) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void startUpCountsAsWorkSoTheFirstQuietSpellTrims() {
        QuietSpell spell = new QuietSpell(3, MIB);
        assertEquals(List.of(3), trimsAt(spell, 50 * MIB, 50 * MIB, 50 * MIB + 10, 50 * MIB + 20, 50 * MIB + 30));
    }

    @Test
    void trimsOncePerSpellNotOnEveryQuietSample() {
        QuietSpell spell = new QuietSpell(2, MIB);
        long[] used = new long[20];
        for (int i = 0; i < used.length; i++) {
            used[i] = 10 * MIB + i * 1000L;
        }
        assertEquals(List.of(2), trimsAt(spell, used));
    }

    @Test
    void allocationAtTheBusyRateRestartsTheCount() {
        QuietSpell spell = new QuietSpell(3, MIB);
        assertEquals(List.of(6), trimsAt(spell, 0, 0, 0, MIB, MIB, MIB, MIB));
    }

    @Test
    void aCollectionBetweenSamplesIsWork() {
        QuietSpell spell = new QuietSpell(2, MIB);
        assertEquals(List.of(2), trimsAt(spell, 0, 0, 0));
        // quiet since the trim; then the heap drops: a young collection ran, so something allocated
        assertEquals(List.of(4), trimsAt(spell, 100, 200, 50, 60, 70));
    }

    @Test
    void theTrimsOwnCollectionIsNotWork() {
        QuietSpell spell = new QuietSpell(1, MIB);
        assertFalse(spell.sample(40 * MIB));
        assertTrue(spell.sample(40 * MIB));
        spell.trimmed(12 * MIB);
        assertFalse(spell.sample(12 * MIB + 100));
        assertFalse(spell.sample(12 * MIB + 200));
    }

    @Test
    void tricklesBelowTheBusyRateNeverTrimAgain() {
        QuietSpell spell = new QuietSpell(1, MIB);
        assertEquals(List.of(1), trimsAt(spell, 0, MIB - 1, 2 * MIB - 2, 3 * MIB - 3, 4 * MIB - 4));
    }

    @Test
    void countsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new QuietSpell(0, MIB));
        assertThrows(IllegalArgumentException.class, () -> new QuietSpell(1, 0));
    }
}

// Names look like adjective-noun-NNNN, are valid DNS labels, and vary.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameGeneratorTest {
    @Test
    void namesHaveTheStaticShapeAndAreDnsSafe() {
        NameGenerator gen = new NameGenerator(new Random(7));
        for (int i = 0; i < 1000; i++) {
            String name = gen.next();
            assertTrue(NameGenerator.isValidLabel(name), name);
            assertTrue(name.length() <= 63, "a DNS label holds at most 63 characters: " + name);
        }
    }

    @Test
    void sameSeedSameNamesDifferentSeedDifferentNames() {
        assertEquals(new NameGenerator(new Random(1)).next(), new NameGenerator(new Random(1)).next());
        Set<String> seen = new HashSet<>();
        NameGenerator gen = new NameGenerator(new Random(2));
        for (int i = 0; i < 500; i++) {
            seen.add(gen.next());
        }
        assertTrue(seen.size() > 490, "names collide too often: " + seen.size());
    }

    @Test
    void wordListsHoldOnlyLowercaseLetters() {
        NameGenerator.ADJECTIVES.forEach(w -> assertTrue(w.matches("[a-z]+"), w));
        NameGenerator.NOUNS.forEach(w -> assertTrue(w.matches("[a-z]+"), w));
        assertFalse(NameGenerator.isValidLabel("Bad-Name-1"));
    }
}

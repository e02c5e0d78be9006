// Random names skip reserved ones: with the generator's first draws reserved, the name given is the next free draw.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.portway.server.config.NameRules;
import dev.portway.server.store.NameGenerator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SocketNamesTest {
    @Test
    void aRandomNameNeverLandsOnAReservedOne() {
        NameGenerator draws = new NameGenerator(new Random(7));
        String first = draws.next();
        String second = draws.next();
        String third = draws.next();
        assertNotEquals(first, second);

        SocketNames names = new SocketNames(new NameGenerator(new Random(7)),
                new NameRules(List.of(first.toUpperCase(java.util.Locale.ROOT), second), null), "edge.example.com");
        assertEquals(third + ".edge.example.com", names.random());
    }

    @Test
    void withNothingReservedTheFirstDrawIsTaken() {
        String first = new NameGenerator(new Random(7)).next();
        SocketNames names = new SocketNames(new NameGenerator(new Random(7)), new NameRules(List.of(), null),
                "localhost");
        assertEquals(first + ".localhost", names.random());
    }
}

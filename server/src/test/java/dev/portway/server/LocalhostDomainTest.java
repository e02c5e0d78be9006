// A public bind with the default domain warns at start-up: names under localhost reach no visitor elsewhere.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalhostDomainTest {
    @Test
    void aPublicBindWithLocalhostWarnsInOneLine() {
        String warning = LocalhostDomain.warning("localhost", "0.0.0.0").orElseThrow();
        assertEquals(1, warning.lines().count());
        assertTrue(warning.startsWith("--domain localhost with --bind 0.0.0.0: socket names under localhost "
                + "resolve only on each visitor's own machine"), warning);
        assertTrue(LocalhostDomain.warning("localhost", "::").isPresent());
        assertTrue(LocalhostDomain.warning("edge.localhost", "203.0.113.7").isPresent());
    }

    @Test
    void aLoopbackBindOrARealDomainIsQuiet() {
        assertEquals(Optional.empty(), LocalhostDomain.warning("localhost", "127.0.0.1"));
        assertEquals(Optional.empty(), LocalhostDomain.warning("localhost", "::1"));
        assertEquals(Optional.empty(), LocalhostDomain.warning("edge.example.com", "0.0.0.0"));
        assertEquals(Optional.empty(), LocalhostDomain.warning("notlocalhost.example", "0.0.0.0"));
    }
}

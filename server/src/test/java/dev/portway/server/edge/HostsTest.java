// Host headers reduce to the routing name: port and trailing dot dropped, case folded.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostsTest {
    @Test
    void normalisesHostHeaders() {
        assertEquals("red-sky-0001.localhost", Hosts.routingName("Red-Sky-0001.LOCALHOST:8080"));
        assertEquals("red-sky-0001.localhost", Hosts.routingName("red-sky-0001.localhost."));
        assertEquals("[::1]", Hosts.routingName("[::1]:8080"));
        assertNull(Hosts.routingName(""));
        assertNull(Hosts.routingName(null));
        assertEquals("a.localhost", Hosts.routingName("a.localhost:65535"));
        assertNull(Hosts.routingName("a.localhost:65536"), "no such port");
        assertNull(Hosts.routingName("a.localhost:99999999999"));
        assertNull(Hosts.routingName("a.localhost:http"));
        assertNull(Hosts.routingName("[::1]x"));
        assertEquals("[::1]", Hosts.routingName("[::1]"));
    }
}

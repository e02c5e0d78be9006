// The host a terminal dials for a socket: its own name, or the server's host for a name under localhost.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DialHostTest {
    @Test
    void aRealNameIsDialledAsItIs() {
        assertEquals("calm-owl-1.example.com", DialHost.of("calm-owl-1.example.com", "https://203.0.113.7:7070"));
    }

    @Test
    void aNameUnderLocalhostDialsTheServersHost() {
        assertEquals("203.0.113.7", DialHost.of("calm-owl-1.localhost", "https://203.0.113.7:7070"));
        assertEquals("portway.lan", DialHost.of("calm-owl-1.localhost", "https://portway.lan:7070/"));
        assertEquals("::1", DialHost.of("calm-owl-1.localhost", "http://[::1]:7070"));
    }

    @Test
    void aLocalServerOrNoneDialsLoopback() {
        assertEquals("127.0.0.1", DialHost.of("calm-owl-1.localhost", "http://localhost:7070"));
        assertEquals("127.0.0.1", DialHost.of("calm-owl-1.localhost", "http://127.0.0.1:7070"));
        assertEquals("127.0.0.1", DialHost.of("calm-owl-1.localhost", null));
        assertEquals("127.0.0.1", DialHost.of("calm-owl-1.localhost", "not a url"));
    }

    @Test
    void withPortBracketsAnIpv6Address() {
        assertEquals("[2001:db8::7]:20001", DialHost.withPort("2001:db8::7", 20001));
        assertEquals("box.lan:20001", DialHost.withPort("box.lan", 20001));
    }
}

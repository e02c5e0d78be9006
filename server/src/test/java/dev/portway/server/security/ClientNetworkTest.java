// Per-address limits count IPv4 addresses one by one and IPv6 addresses by their /64.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {
    @Test
    void ipv4IsTheAddressAndIpv6ItsSlash64() {
        assertNotEquals(ClientNetwork.of("203.0.113.7"), ClientNetwork.of("203.0.113.8"));
        assertEquals(ClientNetwork.of("2001:db8:1:2::1"), ClientNetwork.of("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        assertEquals(ClientNetwork.of("2001:db8:1:2::1"), ClientNetwork.of("[2001:db8:1:2::9]"));
        assertNotEquals(ClientNetwork.of("2001:db8:1:2::1"), ClientNetwork.of("2001:db8:1:3::1"));
        assertEquals("not an address", ClientNetwork.of("not an address"));
    }
}

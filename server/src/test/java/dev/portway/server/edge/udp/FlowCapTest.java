// The per-address udp flow cap: an IPv4 address counts alone, an IPv6 address with the rest of its /64.
package dev.portway.server.edge.udp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class FlowCapTest {
    @Test
    void anIpv6VisitorCountsByItsSlash64AndAnIpv4OneByItsAddress() throws Exception {
        FlowCap cap = new FlowCap(1);
        assertTrue(cap.acquire(InetAddress.getByName("2001:db8::1")));
        assertFalse(cap.acquire(InetAddress.getByName("2001:db8::ffff:2")), "another address of the same /64");
        assertTrue(cap.acquire(InetAddress.getByName("2001:db8:0:1::1")), "the next /64");
        cap.release(InetAddress.getByName("2001:db8::1"));
        assertTrue(cap.acquire(InetAddress.getByName("2001:db8::3")), "the /64's flow ended");
        assertTrue(cap.acquire(InetAddress.getByName("127.0.0.2")));
        assertTrue(cap.acquire(InetAddress.getByName("127.0.0.3")), "IPv4 addresses count one by one");
        assertFalse(cap.acquire(InetAddress.getByName("127.0.0.2")));
    }
}

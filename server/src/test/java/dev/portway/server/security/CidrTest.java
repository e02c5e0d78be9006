// Allow-list blocks: parsing, normal form, and matching of IPv4, IPv6 and IPv4-mapped visitors.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parsesToANormalForm() {
        assertEquals("192.168.1.0/24", Cidr.parse(" 192.168.1.77/24 ").toString());
        assertEquals("127.0.0.1/32", Cidr.parse("127.0.0.1").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:DB8:0:0:1::/32").toString());
        assertEquals("::1/128", Cidr.parse("::1").toString());
        assertEquals("fe80::1:0:0:1/128", Cidr.parse("fe80:0:0:0:1:0:0:1").toString());
        assertEquals("0.0.0.0/0", Cidr.parse("8.8.8.8/0").toString());
    }

    @Test
    void refusesWhatIsNoBlock() {
        for (String bad : new String[]{"", "example.com", "10.0.0.256", "10.0.0.0/33", "::1/129", "10.0.0.0/-1",
                "1.2.3", "10.0.0.0/8/8", "localhost"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void matchesAddressesInsideOnly() throws Exception {
        Cidr v4 = Cidr.parse("10.1.0.0/16");
        assertTrue(v4.contains(InetAddress.getByName("10.1.255.3")));
        assertFalse(v4.contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(v4.contains(InetAddress.getByName("::ffff:10.1.2.3")), "IPv4-mapped visitors match v4 blocks");
        assertFalse(v4.contains(InetAddress.getByName("2001:db8::1")));
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertTrue(v6.contains(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(v6.contains(InetAddress.getByName("2001:db9::1")));
        assertFalse(v6.contains(InetAddress.getByName("10.1.2.3")));
        assertTrue(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1")));
        assertFalse(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void blocksAreShownInTheirShortForm() {
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString());
        assertEquals("127.0.0.1/32", Cidr.parse("127.0.0.1").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8::/32").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:0db8:0:0:0:0:0:0/32").toString());
        assertEquals("::1/128", Cidr.parse("::1").toString());
        assertEquals("::/0", Cidr.parse("::/0").toString());
        assertEquals("fe80::/64", Cidr.parse("fe80::1:2/64").toString());
        assertEquals("2001:db8:0:1::1/128", Cidr.parse("2001:db8:0:1:0:0:0:1").toString());
        assertEquals("1:2:3:4:5:6:7:0/128", Cidr.parse("1:2:3:4:5:6:7:0").toString());
        assertEquals("1::4:5:0:0:8/128", Cidr.parse("1:0:0:4:5:0:0:8").toString());
        assertEquals("1:0:0:4::8/128", Cidr.parse("1:0:0:4:0:0:0:8").toString());
    }
}

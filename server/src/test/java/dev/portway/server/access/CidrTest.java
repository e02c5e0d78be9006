// Allow-list entries are shown as users write them: masked to the block, IPv6 in its short form.
package dev.portway.server.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CidrTest {
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

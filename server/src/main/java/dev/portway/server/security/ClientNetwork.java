// The network a per-address limit counts a client by: an IPv4 address itself, an IPv6 address by its /64 (a host
// picks any address of its /64, so counting single IPv6 addresses would count nothing).
package dev.portway.server.security;


public final class ClientNetwork {
    private ClientNetwork() {
    }

    /** "203.0.113.7/32", "2001:db8:1:2:0:0:0:0/64"; anything unparsable as itself. */
    public static String of(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        try {
            return Cidr.parse(a.contains(":") ? a + "/64" : a).toString();
        } catch (IllegalArgumentException e) {
            return address; // e.g. an IPv4-mapped IPv6 address, which Java reads as IPv4: then the address alone
        }
    }
}

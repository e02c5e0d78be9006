// Caps a visitor address's udp flows over every udp socket: a source (or a spoofed one) cannot fill the edge alone.
// An IPv6 visitor counts by its /64, the block one host or site is handed (it could take a new address per datagram).
package dev.portway.server.edge.udp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class FlowCap {
    private final int perAddress;
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    FlowCap(int perAddress) {
        this.perAddress = perAddress;
    }

    /** Counts a new flow of the address until {@link #release}; false (nothing counted) when it has too many. */
    boolean acquire(InetAddress address) {
        boolean[] taken = {false};
        byAddress.compute(key(address), (a, n) -> {
            int open = n == null ? 0 : n;
            taken[0] = open < perAddress;
            return taken[0] ? open + 1 : n;
        });
        return taken[0];
    }

    void release(InetAddress address) {
        byAddress.computeIfPresent(key(address), (a, n) -> n == 1 ? null : n - 1);
    }

    /** What the cap counts by: an IPv4 address, or an IPv6 address's /64. */
    static InetAddress key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = address.getAddress();
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }
}

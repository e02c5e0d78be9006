// Caps a visitor address's udp flows over every udp socket: a source (or a spoofed one) cannot fill the edge alone.
package dev.portway.server.edge.udp;

import java.net.InetAddress;
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
        byAddress.compute(address, (a, n) -> {
            int open = n == null ? 0 : n;
            taken[0] = open < perAddress;
            return taken[0] ? open + 1 : n;
        });
        return taken[0];
    }

    void release(InetAddress address) {
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
}

// Routing over a socket's tunnels: round-robin, never a closed or already-tried link, and a tunnel whose local
// service refused is passed over while another is online.
package dev.portway.server.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TunnelRegistryTest {
    private final TunnelRegistry registry = new TunnelRegistry(s -> { });

    private TunnelSession online(String tunnelId) {
        TunnelSession s = new TunnelSession(tunnelId, "socket", "name.localhost", new EmbeddedChannel());
        registry.register(s);
        return s;
    }

    private Map<String, Integer> spread(int visitors, Set<TunnelSession> tried) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < visitors; i++) {
            count.merge(registry.route("name.localhost", tried).orElseThrow().tunnelId(), 1, Integer::sum);
        }
        return count;
    }

    @Test
    void roundRobinOverOpenTunnelsNotYetTried() {
        TunnelSession a = online("a");
        TunnelSession b = online("b");
        TunnelSession c = online("c");
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), spread(30, Set.of()));
        // Visitors whose first try (a) fails go on to the others, and the split stays even.
        Map<String, Integer> retried = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            TunnelSession first = registry.route("name.localhost").orElseThrow();
            TunnelSession used = first == a ? registry.route("name.localhost", Set.of(a)).orElseThrow() : first;
            retried.merge(used.tunnelId(), 1, Integer::sum);
        }
        assertEquals(Map.of("b", 15, "c", 15), retried);
        assertEquals(Optional.empty(), registry.route("name.localhost", Set.of(a, b, c)));
        b.close();
        assertEquals(Map.of("a", 5, "c", 5), spread(10, Set.of()));
        assertEquals(Optional.empty(), registry.route("other.localhost"));
    }

    @Test
    void aRefusingTunnelIsPassedOverWhileAnotherIsOnline() {
        TunnelSession a = online("a");
        TunnelSession b = online("b");
        a.markLocalRefused();
        assertTrue(a.refusedRecently());
        assertEquals(Map.of("b", 10), spread(10, Set.of()));
        assertEquals(Map.of("a", 3), spread(3, Set.of(b)), "it is still used when it is the only one left");
        b.markLocalRefused();
        assertEquals(Map.of("a", 2, "b", 2), spread(4, Set.of()), "when all refuse, round-robin as before");
    }
}

// Routing over a socket's tunnels: round-robin, never a closed or already-tried link, and a tunnel whose local
// service refused is passed over while another is online. And the registry as its readers see it (LiveTunnels:
// records, here and on other nodes) and as the API has it close links (Disconnects, told to the cluster).
package dev.portway.server.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.live.LiveTunnel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    @Test
    void readersGetASnapshotOfEachLinkHereThatHoldsNoLink() {
        TunnelSession s = new TunnelSession("t1", "socket", "name.localhost", new EmbeddedChannel(), "ann", "laptop",
                "portway/1.0", "localhost:8000");
        registry.register(s);
        s.addIn(10);
        s.addOut(20);
        LiveTunnel seen = registry.here("t1").orElseThrow();
        assertEquals(new LiveTunnel("t1", "socket", "name.localhost", "ann", null, "laptop", null, "portway/1.0",
                "localhost:8000", s.connectedSince(), 10, 20, 0), seen);
        assertTrue(seen.heldHere());
        s.addIn(5);
        assertEquals(10, seen.bytesIn(), "a snapshot: later traffic shows in the next one");
        assertEquals(15, registry.status("t1").orElseThrow().bytesIn());
        assertEquals(List.of(seen.tunnelId()), registry.here().stream().map(LiveTunnel::tunnelId).toList());
        assertEquals(1, registry.size());
    }

    @Test
    void aLinkAnotherNodeHoldsShowsUntilThisServerHoldsIt() {
        LiveTunnel there = LiveTunnel.elsewhere("t1", "socket", "name.localhost", "node-b", "desktop", "198.51.100.9",
                Instant.parse("2026-01-02T03:04:05Z"));
        registry.linksElsewhere(() -> Map.of("t1", there), () -> Map.of("t1", there));
        assertEquals(Optional.of(there), registry.status("t1"));
        assertEquals(List.of(there), registry.elsewhere());
        assertEquals(Optional.empty(), registry.here("t1"));
        assertEquals(0, registry.size(), "another node's link is not counted here");

        online("t1");
        assertTrue(registry.status("t1").orElseThrow().heldHere(), "the agent moved here before the lease did");
        assertEquals(List.of(), registry.elsewhere());
        assertEquals(Optional.empty(), registry.elsewhere("t1"));
        assertEquals(Optional.empty(), registry.status("t2"));
    }

    @Test
    void theAdminsListAndKickReadTheLeasesNowAndTheSocketViewsTheLastPoll() {
        LiveTunnel there = LiveTunnel.elsewhere("t1", "socket", "name.localhost", "node-b", "desktop", "198.51.100.9",
                Instant.parse("2026-01-02T03:04:05Z"));
        // The lease expired (or went) since the last poll.
        registry.linksElsewhere(() -> Map.of("t1", there), Map::of);
        assertEquals(Optional.of(there), registry.status("t1"));
        assertEquals(Optional.empty(), registry.statusNow("t1"));
        assertEquals(List.of(), registry.elsewhere());
    }

    @Test
    void linksClosedOnPurposeAreToldToTheClusterButASocketsAreNot() {
        List<String> told = new ArrayList<>();
        registry.broadcastTo(new ClosedOnPurpose() {
            @Override
            public void tunnel(String tunnelId) {
                told.add("tunnel " + tunnelId);
            }

            @Override
            public void owner(String userId) {
                told.add("owner " + userId);
            }
        });
        TunnelSession a = owned("a", "socket-1", "ann");
        TunnelSession b = owned("b", "socket-1", "bob");
        TunnelSession c = owned("c", "socket-2", "bob");
        registry.disconnectTunnel("a");
        registry.disconnectTunnel("elsewhere");
        assertFalse(a.link().isOpen());
        registry.disconnectOwner("bob");
        assertFalse(b.link().isOpen());
        assertFalse(c.link().isOpen());
        TunnelSession d = owned("d", "socket-3", "cat");
        TunnelSession e = owned("e", "socket-4", "cat");
        registry.disconnectSocket("socket-3");
        assertFalse(d.link().isOpen());
        assertTrue(e.link().isOpen());
        assertEquals(List.of("tunnel a", "tunnel elsewhere", "owner bob"), told,
                "a socket's links are closed where its deletion is seen: every node sees it");
        assertEquals(List.of("e"), registry.here().stream().map(LiveTunnel::tunnelId).toList());
    }

    private TunnelSession owned(String tunnelId, String socketId, String owner) {
        TunnelSession s = new TunnelSession(tunnelId, socketId, tunnelId + ".localhost", new EmbeddedChannel(), owner,
                null, null);
        registry.register(s);
        return s;
    }
}

// What the admin sees of the links other nodes hold: read from their leases in the store when asked, not from the
// copy the node's poll keeps, so a lease that expired or went since the last poll no longer lists or takes a kick;
// and a lease row that cannot be read is passed over.
package dev.portway.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.security.TlsMaterial;
import dev.portway.server.store.ClusterStore;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterNodeLeasesTest {
    @TempDir
    Path dir;
    private Store store;
    private final EventLoopGroup group = new DefaultEventLoopGroup(1);
    private final TunnelRegistry registry = new TunnelRegistry(s -> { });
    private ClusterNode node;

    @BeforeEach
    void join() throws Exception {
        store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
        node = ClusterNode.join(store, Files.createDirectory(dir.resolve("node")),
                TlsMaterial.loadOrCreate(dir, "localhost"), registry, group);
    }

    @AfterEach
    void leave() {
        node.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        store.close();
    }

    private static ClusterStore.Lease lease(String tunnelId, String nodeId, String connectedSince, long expiresAt) {
        return new ClusterStore.Lease(tunnelId, "socket", "name.localhost", nodeId, "198.51.100.2", "desktop",
                "198.51.100.9", connectedSince, expiresAt);
    }

    private List<String> listed() {
        return registry.elsewhere().stream().map(LiveTunnel::tunnelId).sorted().toList();
    }

    @Test
    void theAdminReadsTheOtherNodesLeasesWhenItAsks() {
        long now = System.currentTimeMillis();
        store.cluster().putLease(lease("t1", "node-b", "2026-01-02T03:04:05Z", now + 60_000));
        store.cluster().putLease(lease("t2", "node-b", "2026-01-02T03:04:06Z", now - 1));
        store.cluster().putLease(lease("t3", node.nodeId(), "2026-01-02T03:04:07Z", now + 60_000));
        assertEquals(List.of("t1"), listed(), "live, another node's: no poll needed to show it");
        LiveTunnel t1 = registry.statusNow("t1").orElseThrow();
        assertEquals("node-b", t1.nodeId());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), t1.connectedSince());
        assertTrue(registry.statusNow("t2").isEmpty(), "expired: offline, nothing to kick");

        store.cluster().removeLease("t1", "node-b");
        assertEquals(List.of(), listed(), "gone since: not listed");
        assertTrue(registry.statusNow("t1").isEmpty());
    }

    @Test
    void aLeaseWithAnUnreadableTimeIsPassedOverAndTheOthersStillShow() {
        long now = System.currentTimeMillis();
        store.cluster().putLease(lease("t1", "node-b", "yesterday", now + 60_000));
        store.cluster().putLease(lease("t2", "node-b", "2026-01-02T03:04:06Z", now + 60_000));
        // The poll reads the same rows the same way before it updates the routes: one bad row must not stop them.
        assertEquals(List.of("t2"), listed());
        assertTrue(registry.statusNow("t1").isEmpty());
    }
}

// How the API shows a stored tunnel from the live view alone, without a link: offline, online here with the live
// link's traffic added to the totals, and online on another node of a cluster with the totals as stored.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.live.FixedLiveTunnels;
import dev.portway.server.store.TunnelRecord;
import org.junit.jupiter.api.Test;

class TunnelViewTest {
    private final TunnelRecord stored = new TunnelRecord("t1", "socket", "hash", 100, 200, "2026-01-01T00:00:00Z");

    @Test
    void offlineShowsTheStoredTotalsOnly() {
        assertEquals(new TunnelInfo("t1", "socket", TunnelInfo.OFFLINE, null, 100, 200, 0, "2026-01-01T00:00:00Z",
                null, null, null, null), TunnelView.of(stored, new FixedLiveTunnels().here("other", 1, 1, 1)));
    }

    @Test
    void heldHereAddsTheLiveLinksTrafficAndShowsItsAgent() {
        assertEquals(new TunnelInfo("t1", "socket", TunnelInfo.ONLINE, "2026-01-02T03:04:05Z", 105, 207, 3,
                "2026-01-01T00:00:00Z", null, "laptop", "192.0.2.7", "localhost:8000"),
                TunnelView.of(stored, new FixedLiveTunnels().here("t1", 5, 7, 3)));
    }

    @Test
    void heldByAnotherNodeShowsOnlineWithItsAgentButNoTrafficOrLocalTarget() {
        assertEquals(new TunnelInfo("t1", "socket", TunnelInfo.ONLINE, "2026-01-02T03:04:06Z", 100, 200, 0,
                "2026-01-01T00:00:00Z", null, "desktop", "198.51.100.9", null),
                TunnelView.of(stored, new FixedLiveTunnels().elsewhere("t1", "node-b")));
    }
}

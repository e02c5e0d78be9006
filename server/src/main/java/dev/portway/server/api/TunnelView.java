// A stored tunnel as the API shows it: its totals so far plus what its live link (if any) has moved meanwhile.
package dev.portway.server.api;

import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.store.TunnelRecord;
import java.util.Optional;

final class TunnelView {
    private TunnelView() {
    }

    /**
     * A link another node of the cluster holds shows online with its agent, but without traffic (its totals grow
     * there until the link ends) and without the agent's local target (the lease does not carry it).
     */
    static TunnelInfo of(TunnelRecord t, LiveTunnels live) {
        Optional<LiveTunnel> link = live.status(t.id());
        if (link.isEmpty()) {
            return new TunnelInfo(t.id(), t.socketId(), TunnelInfo.OFFLINE, null, t.bytesIn(), t.bytesOut(), 0,
                    t.createdAt(), null, null, null, null);
        }
        LiveTunnel l = link.get();
        return new TunnelInfo(t.id(), t.socketId(), TunnelInfo.ONLINE, l.connectedSince().toString(),
                t.bytesIn() + l.bytesIn(), t.bytesOut() + l.bytesOut(), l.openStreams(), t.createdAt(), null,
                l.agentHost(), l.agentAddress(), l.localTarget());
    }
}

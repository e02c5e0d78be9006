// A stored tunnel as the API shows it: its totals so far plus what its live link (if any) has moved meanwhile.
package dev.portway.server.api;

import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.store.ClusterTables;
import dev.portway.server.store.TunnelRecord;
import java.util.Optional;

final class TunnelView {
    private TunnelView() {
    }

    static TunnelInfo of(TunnelRecord t, TunnelRegistry registry) {
        Optional<TunnelSession> live = registry.session(t.id());
        if (live.isEmpty()) {
            Optional<ClusterTables.Lease> there = registry.elsewhere(t.id());
            if (there.isPresent()) {
                return heldElsewhere(t, there.get());
            }
        }
        return new TunnelInfo(t.id(), t.socketId(), live.isPresent() ? TunnelInfo.ONLINE : TunnelInfo.OFFLINE,
                live.map(l -> l.connectedSince().toString()).orElse(null),
                t.bytesIn() + live.map(TunnelSession::bytesIn).orElse(0L),
                t.bytesOut() + live.map(TunnelSession::bytesOut).orElse(0L),
                live.map(TunnelSession::openStreams).orElse(0), t.createdAt(), null,
                live.map(TunnelSession::agentHost).orElse(null), live.map(TunnelSession::agentAddress).orElse(null),
                live.map(TunnelSession::localTarget).orElse(null));
    }

    /**
     * Online through another node of the cluster: its totals grow there until the link ends. The lease does not
     * carry the agent's local target, so it is not shown.
     */
    private static TunnelInfo heldElsewhere(TunnelRecord t, ClusterTables.Lease l) {
        return new TunnelInfo(t.id(), t.socketId(), TunnelInfo.ONLINE, l.connectedSince(), t.bytesIn(),
                t.bytesOut(), 0, t.createdAt(), null, l.agentHost(), l.agentAddress(), null);
    }
}

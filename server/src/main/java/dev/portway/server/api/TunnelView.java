// A stored tunnel as the API shows it: its totals so far plus what its live link (if any) has moved meanwhile.
package dev.portway.server.api;

import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.store.TunnelRecord;
import java.util.Optional;

final class TunnelView {
    private TunnelView() {
    }

    static TunnelInfo of(TunnelRecord t, TunnelRegistry registry) {
        Optional<TunnelSession> live = registry.session(t.id());
        return new TunnelInfo(t.id(), t.socketId(), live.isPresent() ? TunnelInfo.ONLINE : TunnelInfo.OFFLINE,
                live.map(l -> l.connectedSince().toString()).orElse(null),
                t.bytesIn() + live.map(TunnelSession::bytesIn).orElse(0L),
                t.bytesOut() + live.map(TunnelSession::bytesOut).orElse(0L),
                live.map(TunnelSession::openStreams).orElse(0), t.createdAt(), null,
                live.map(TunnelSession::agentHost).orElse(null), live.map(TunnelSession::agentAddress).orElse(null));
    }
}

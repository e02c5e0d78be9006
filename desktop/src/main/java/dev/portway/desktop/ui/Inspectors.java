// The inspectors of the signed-in user's tunnels, one per tunnel, fed by the engine's exchanges on the FX thread.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

public final class Inspectors {
    private final Session session;
    private final SocketsModel sockets;
    private final Calls calls;
    private final Map<String, InspectorModel> byTunnel = new HashMap<>();

    Inspectors(Session session, SocketsModel sockets, Calls calls) {
        this.session = session;
        this.sockets = sockets;
        this.calls = calls;
    }

    /** The inspector of a tunnel (FX thread), made when first asked for. */
    public InspectorModel of(String tunnelId) {
        return byTunnel.computeIfAbsent(tunnelId, id -> new InspectorModel(calls, () -> target(id),
                on -> session.engine(m -> m.capture(id, on))));
    }

    /** The local service the tunnel exposes now (a replay goes there, not through the tunnel). */
    private LocalTarget target(String tunnelId) {
        return sockets.tunnel(tunnelId).map(t -> new LocalTarget(t.hostProperty().get().strip(),
                t.portProperty().get())).orElseThrow(() -> new IllegalStateException("the tunnel is gone"));
    }

    /** Once a second, from the app's sampler. */
    public void tick(Instant now) {
        byTunnel.values().forEach(i -> i.tick(now));
    }

    /** After a sign-out: another user's tunnels follow. */
    void clear() {
        byTunnel.clear();
    }

    /** The engine's listener: everything goes to events, and each exchange also to its tunnel's inspector. */
    TunnelManager.Listener alongside(TunnelManager.Listener events) {
        return new TunnelManager.Listener() {
            @Override
            public void onStatus(String tunnelId, AgentStatus status, String detail) {
                events.onStatus(tunnelId, status, detail);
            }

            @Override
            public void onExchange(String tunnelId, Exchange exchange) {
                events.onExchange(tunnelId, exchange);
                calls.fx(() -> of(tunnelId).add(exchange));
            }

            @Override
            public void onLocalService(String tunnelId, boolean reachable, String detail) {
                events.onLocalService(tunnelId, reachable, detail);
            }
        };
    }
}

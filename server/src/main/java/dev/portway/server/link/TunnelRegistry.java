// Live links by tunnel and by public name; the edge routes visitors through it, round-robin over online tunnels.
package dev.portway.server.link;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

public final class TunnelRegistry {
    private final Map<String, TunnelSession> byTunnel = new ConcurrentHashMap<>();
    private final Map<String, Route> byName = new ConcurrentHashMap<>();
    private final Consumer<TunnelSession> onEnded;

    /** onEnded runs once for every session that leaves the registry (to persist its traffic totals). */
    public TunnelRegistry(Consumer<TunnelSession> onEnded) {
        this.onEnded = onEnded;
    }

    /** Makes the session live; an older link of the same tunnel is closed (a reconnect replaces it). */
    public void register(TunnelSession session) {
        TunnelSession old = byTunnel.put(session.tunnelId(), session);
        if (old != null) {
            removeFromRoute(old);
            old.close();
        }
        byName.compute(session.dnsName(), (n, route) -> {
            Route r = route == null ? new Route() : route;
            r.sessions.add(session);
            return r;
        });
        session.link().closeFuture().addListener(f -> unregister(session));
    }

    void unregister(TunnelSession session) {
        byTunnel.remove(session.tunnelId(), session);
        removeFromRoute(session);
        onEnded.accept(session);
    }

    private void removeFromRoute(TunnelSession session) {
        byName.computeIfPresent(session.dnsName(), (n, route) -> {
            route.sessions.remove(session);
            return route.sessions.isEmpty() ? null : route;
        });
    }

    /** A live session for the name, balancing over all of them; empty when no tunnel is online. */
    public Optional<TunnelSession> route(String dnsName) {
        Route route = byName.get(dnsName);
        if (route == null) {
            return Optional.empty();
        }
        List<TunnelSession> sessions = route.sessions;
        for (int tries = sessions.size(); tries > 0; tries--) {
            int size = sessions.size();
            if (size == 0) {
                break;
            }
            TunnelSession s = sessions.get(Math.floorMod(route.next.getAndIncrement(), size));
            if (s.isOpen()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<TunnelSession> session(String tunnelId) {
        return Optional.ofNullable(byTunnel.get(tunnelId));
    }

    public void disconnectTunnel(String tunnelId) {
        session(tunnelId).ifPresent(TunnelSession::close);
    }

    public void disconnectSocket(String socketId) {
        byTunnel.values().stream().filter(s -> s.socketId().equals(socketId)).forEach(TunnelSession::close);
    }

    public void disconnectAll() {
        byTunnel.values().forEach(TunnelSession::close);
    }

    public int size() {
        return byTunnel.size();
    }

    private static final class Route {
        final List<TunnelSession> sessions = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();
    }
}

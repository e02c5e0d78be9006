// Live links by tunnel and by public name; the edge routes visitors through it, round-robin over online tunnels.
// The API, the metrics and the events see it only as LiveTunnels (records) and Disconnects.
package dev.portway.server.link;

import dev.portway.protocol.link.GoAwayReason;
import dev.portway.server.live.Disconnects;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

public final class TunnelRegistry implements LiveTunnels, Disconnects {
    private final Map<String, TunnelSession> byTunnel = new ConcurrentHashMap<>();
    private final Map<String, Route> byName = new ConcurrentHashMap<>();
    private final Consumer<TunnelSession> onStarted;
    private final Consumer<TunnelSession> onEnded;
    private volatile ClosedOnPurpose broadcast = ClosedOnPurpose.NOBODY;
    /** The links other nodes of a cluster hold, by tunnel, as last read from their leases. */
    private volatile Supplier<Map<String, LiveTunnel>> elsewhere = Map::of;
    /** The same, read from their leases now. */
    private volatile Supplier<Map<String, LiveTunnel>> elsewhereNow = Map::of;

    /** onEnded runs once for every session that leaves the registry (to persist its traffic totals). */
    public TunnelRegistry(Consumer<TunnelSession> onEnded) {
        this(s -> { }, onEnded);
    }

    /** onStarted runs once for every session that became live, onEnded once for every one that left. */
    public TunnelRegistry(Consumer<TunnelSession> onStarted, Consumer<TunnelSession> onEnded) {
        this.onStarted = onStarted;
        this.onEnded = onEnded;
    }

    /** Every live session, the longest-connected first. */
    public List<TunnelSession> sessions() {
        return byTunnel.values().stream()
                .sorted(java.util.Comparator.comparing(TunnelSession::connectedSince)
                        .thenComparing(TunnelSession::tunnelId))
                .toList();
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
        onStarted.accept(session);
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

    /**
     * A live session for the name, round-robin over those not in {@code tried}; a tunnel whose agent recently
     * could not reach its local service is passed over while another is online. Empty when none is left.
     */
    public Optional<TunnelSession> route(String dnsName, Set<TunnelSession> tried) {
        Route route = byName.get(dnsName);
        if (route == null) {
            return Optional.empty();
        }
        List<TunnelSession> usable = new ArrayList<>();
        List<TunnelSession> refusing = new ArrayList<>();
        for (TunnelSession s : route.sessions) {
            if (s.isOpen() && !tried.contains(s)) {
                (s.refusedRecently() ? refusing : usable).add(s);
            }
        }
        List<TunnelSession> pick = usable.isEmpty() ? refusing : usable;
        // Counting over the usable ones only keeps the split even while one is out; a retry for the same visitor
        // does not advance the count, or every visitor's first try would land on the same (failing) tunnel.
        int turn = tried.isEmpty() ? route.next.getAndIncrement() : route.next.get();
        return pick.isEmpty() ? Optional.empty() : Optional.of(pick.get(Math.floorMod(turn, pick.size())));
    }

    public Optional<TunnelSession> route(String dnsName) {
        return route(dnsName, Set.of());
    }

    public Optional<TunnelSession> session(String tunnelId) {
        return Optional.ofNullable(byTunnel.get(tunnelId));
    }

    @Override
    public List<LiveTunnel> here() {
        return sessions().stream().map(TunnelSession::snapshot).toList();
    }

    @Override
    public Optional<LiveTunnel> here(String tunnelId) {
        return session(tunnelId).map(TunnelSession::snapshot);
    }

    /**
     * Where the links other nodes of a cluster hold are learnt (their leases), to show those tunnels online: as last
     * polled, and read now.
     */
    public void linksElsewhere(Supplier<Map<String, LiveTunnel>> lastRead, Supplier<Map<String, LiveTunnel>> readNow) {
        this.elsewhere = lastRead;
        this.elsewhereNow = readNow;
    }

    @Override
    public List<LiveTunnel> elsewhere() {
        return elsewhereNow.get().values().stream().filter(t -> !byTunnel.containsKey(t.tunnelId())).toList();
    }

    @Override
    public Optional<LiveTunnel> elsewhere(String tunnelId) {
        return byTunnel.containsKey(tunnelId) ? Optional.empty()
                : Optional.ofNullable(elsewhere.get().get(tunnelId));
    }

    /** Where closing a tunnel's or an owner's links is told, so that other nodes holding some close them too. */
    public void broadcastTo(ClosedOnPurpose listener) {
        this.broadcast = listener;
    }

    @Override
    public void disconnectTunnel(String tunnelId) {
        closeTunnelHere(tunnelId);
        broadcast.tunnel(tunnelId);
    }

    /** Another node closed the tunnel's link on purpose: a link of it here closes too, and nobody is told again. */
    public void closeTunnelHere(String tunnelId) {
        session(tunnelId).ifPresent(TunnelSession::close);
    }

    /**
     * Closes the tunnel's link telling its agent why (another node holding it closes it plainly). Used when the
     * credential was renewed: the agent that held it has been replaced, and must stop, not retry.
     */
    @Override
    public void disconnectTunnel(String tunnelId, GoAwayReason why) {
        session(tunnelId).ifPresent(s -> s.close(why));
        broadcast.tunnel(tunnelId);
    }

    @Override
    public void disconnectSocket(String socketId) {
        byTunnel.values().stream().filter(s -> s.socketId().equals(socketId)).forEach(TunnelSession::close);
    }

    @Override
    public void disconnectOwner(String userId) {
        closeOwnerHere(userId);
        broadcast.owner(userId);
    }

    /** Another node closed the user's links on purpose: those here close too, and nobody is told again. */
    public void closeOwnerHere(String userId) {
        byTunnel.values().stream().filter(s -> userId.equals(s.ownerId())).forEach(TunnelSession::close);
    }

    /** GOAWAY on every link: the server is stopping. */
    public void goAwayAll() {
        byTunnel.values().forEach(TunnelSession::goAway);
    }

    @Override
    public int openStreams() {
        return byTunnel.values().stream().mapToInt(TunnelSession::openStreams).sum();
    }

    public void disconnectAll() {
        byTunnel.values().forEach(TunnelSession::close);
    }

    @Override
    public int size() {
        return byTunnel.size();
    }

    private static final class Route {
        final List<TunnelSession> sessions = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();
    }
}

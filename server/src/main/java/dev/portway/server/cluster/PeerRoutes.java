// The links other nodes hold, by public name, from the leases in the store: a visitor with no link here is relayed
// to one of those nodes, round-robin, over this node's link to it.
package dev.portway.server.cluster;

import dev.portway.server.edge.RemoteTunnels;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.store.ClusterStore;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

final class PeerRoutes implements RemoteTunnels {
    /** Per name, one session per node that holds a link of it (that node balances over its own links). */
    private volatile Map<String, List<TunnelSession>> byName = Map.of();
    /** Sessions are kept while their node and link last, so a refusal's penalty outlives one refresh. */
    private final Map<String, TunnelSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    /** Rebuilds the routes from the live leases of the other nodes that this node has a link to. */
    void update(List<ClusterStore.Lease> leases, String selfId, PeerLinks peers) {
        Map<String, List<TunnelSession>> next = new HashMap<>();
        Map<String, TunnelSession> kept = new HashMap<>();
        for (ClusterStore.Lease lease : leases) {
            if (lease.nodeId().equals(selfId)) {
                continue;
            }
            Optional<Channel> link = peers.link(lease.nodeId());
            if (link.isEmpty()) {
                continue;
            }
            String key = lease.dnsName() + "@" + lease.nodeId() + "@" + link.get().id().asLongText();
            if (kept.containsKey(key)) {
                continue;
            }
            TunnelSession s = sessions.computeIfAbsent(key, k -> new TunnelSession(lease.tunnelId(),
                    lease.socketId(), lease.dnsName(), link.get()));
            kept.put(key, s);
            next.computeIfAbsent(lease.dnsName(), n -> new ArrayList<>()).add(s);
        }
        sessions.keySet().retainAll(kept.keySet());
        turns.keySet().retainAll(next.keySet());
        byName = next;
    }

    @Override
    public Optional<TunnelSession> route(String dnsName, Set<TunnelSession> tried) {
        List<TunnelSession> all = byName.getOrDefault(dnsName, List.of());
        List<TunnelSession> usable = new ArrayList<>();
        List<TunnelSession> refusing = new ArrayList<>();
        for (TunnelSession s : all) {
            if (s.isOpen() && !tried.contains(s)) {
                (s.refusedRecently() ? refusing : usable).add(s);
            }
        }
        List<TunnelSession> pick = usable.isEmpty() ? refusing : usable;
        if (pick.isEmpty()) {
            return Optional.empty();
        }
        int turn = turns.computeIfAbsent(dnsName, n -> new AtomicInteger()).getAndIncrement();
        return Optional.of(pick.get(Math.floorMod(turn, pick.size())));
    }
}

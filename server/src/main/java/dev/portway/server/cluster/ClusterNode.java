// One node of several that share a PostgreSQL store: announces itself and its tunnels' links (leases), follows
// what the others change (sockets, kicked links) within a second, and relays visitors to the node that holds a
// socket's link. A single server on SQLite has none of this.
package dev.portway.server.cluster;

import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.RemoteTunnels;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.ClosedOnPurpose;
import dev.portway.server.link.LinkInitializer;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.security.TlsMaterial;
import dev.portway.server.store.ClusterStore;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How often the store is read for the others' changes: what "within a second" rests on. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Leases and the node's own row are renewed this often, and expire after LEASE_TTL without renewal. */
    static final Duration RENEW = Duration.ofSeconds(5);
    static final Duration LEASE_TTL = Duration.ofSeconds(15);
    private static final Duration SIGNALS_KEPT = Duration.ofHours(1);

    private final Store store;
    private final ClusterStore tables;
    private final String nodeId;
    private final TunnelRegistry registry;
    private final PeerRoutes routes = new PeerRoutes();
    private final PeerLinks peers;
    private final String clusterKey;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portway-cluster");
        t.setDaemon(true);
        return t;
    });
    private SocketSync sockets;
    private ClusterStore.Node self;
    private long lastSignal;
    private long ticks;
    private volatile boolean closed;
    /** The links the other nodes hold (their leases) by tunnel, as last read. */
    private volatile Map<String, LiveTunnel> elsewhere = Map.of();
    /** Lease rows passed over (unreadable), logged once a minute at most: the poll reads them twice a second. */
    private final LogThrottle badLeases = new LogThrottle(Duration.ofMinutes(1));
    /** Draining: no longer offered to agents or as a relay target, while what is in flight finishes. */
    private volatile boolean leaving;

    private ClusterNode(Store store, String nodeId, TlsMaterial tls, TunnelRegistry registry,
                        EventLoopGroup group) throws IOException {
        this.store = store;
        this.tables = store.cluster();
        this.nodeId = nodeId;
        this.registry = registry;
        this.clusterKey = tables.clusterKey();
        this.peers = new PeerLinks(group, nodeId, clusterKey, tls);
    }

    /**
     * Joins the cluster of the store; the node's id is kept in dataDir, and tls is the certificate it presents to
     * the other nodes, on their tunnel ports and its own.
     */
    public static ClusterNode join(Store store, Path dataDir, TlsMaterial tls, TunnelRegistry registry,
                                   EventLoopGroup group) throws IOException {
        ClusterNode node = new ClusterNode(store, NodeId.loadOrCreate(dataDir), tls, registry, group);
        node.lastSignal = node.tables.lastSignalId();
        // Links closed here are closed on every node: the one that holds them replays the signal.
        registry.broadcastTo(new ClosedOnPurpose() {
            @Override
            public void tunnel(String tunnelId) {
                node.signal(ClusterStore.Signal.KICK_TUNNEL, tunnelId);
            }

            @Override
            public void owner(String userId) {
                node.signal(ClusterStore.Signal.DROP_OWNER, userId);
            }
        });
        registry.linksElsewhere(() -> node.elsewhere, node::elsewhereNow);
        return node;
    }

    private void signal(String kind, String subject) {
        tables.addSignal(nodeId, kind, subject, System.currentTimeMillis());
    }

    public String nodeId() {
        return nodeId;
    }

    /** The other nodes' links, for the edge. */
    public RemoteTunnels remoteTunnels() {
        return routes;
    }

    /**
     * Starts following the store once the node listens: its tunnel port at address, its certificate's
     * fingerprint, the catalog and dedicated ports to keep current (loaded: the sockets they started with).
     */
    public void start(String address, int tunnelPort, String fingerprint, LinkInitializer links,
                      SocketCatalog catalog, DedicatedPorts ports, List<SocketRecord> loaded) {
        links.acceptNodes(new NodeLinkServer(clusterKey, tables, catalog, registry));
        sockets = new SocketSync(catalog, ports, registry, loaded);
        self = new ClusterStore.Node(nodeId, address, tunnelPort, fingerprint);
        tables.heartbeat(self, System.currentTimeMillis() + LEASE_TTL.toMillis());
        LOG.info("cluster node {} at {}:{}", nodeId, address, tunnelPort);
        poller.scheduleWithFixedDelay(this::tick, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The link of a tunnel came up here: this node holds its lease now. */
    public void linkStarted(TunnelSession s) {
        if (self != null && !leaving) {
            tables.putLease(lease(s, System.currentTimeMillis()));
        }
    }

    /** The link ended; unless a newer link of the tunnel is up here, the lease goes. */
    public void linkEnded(TunnelSession s) {
        if (self != null && registry.session(s.tunnelId()).isEmpty() && !closed) {
            tables.removeLease(s.tunnelId(), nodeId);
        }
    }

    /** The live nodes' tunnel addresses ("host:port"), for agents that can use any of them. */
    public List<String> tunnelAddresses() {
        return tables.liveNodes(System.currentTimeMillis()).stream()
                .map(n -> (n.address().contains(":") ? "[" + n.address() + "]" : n.address()) + ":" + n.tunnelPort())
                .toList();
    }

    private ClusterStore.Lease lease(TunnelSession s, long now) {
        return new ClusterStore.Lease(s.tunnelId(), s.socketId(), s.dnsName(), nodeId, self.address(),
                s.agentHost(), s.agentAddress(), s.connectedSince().toString(), now + LEASE_TTL.toMillis());
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            if (++ticks % (RENEW.toMillis() / POLL.toMillis()) == 0 && !leaving) {
                tables.heartbeat(self, now + LEASE_TTL.toMillis());
                registry.sessions().forEach(s -> tables.putLease(lease(s, now)));
                tables.pruneSignals(now - SIGNALS_KEPT.toMillis());
            }
            sockets.apply(store.allSockets());
            for (ClusterStore.Signal signal : tables.signalsAfter(lastSignal)) {
                if (!signal.nodeId().equals(nodeId)) {
                    replay(signal);
                }
                lastSignal = signal.id();
            }
            peers.update(tables.liveNodes(now));
            List<ClusterStore.Lease> leases = tables.liveLeases(now);
            // Shown before it is routed to: once a visitor reaches a tunnel through this node, its API shows it.
            elsewhere = othersOf(leases);
            routes.update(leases, nodeId, peers);
        } catch (RuntimeException e) {
            // The store may be briefly away; the next round tries again, and a scheduled task that throws stops.
            LOG.warn("cannot follow the cluster's changes: {}", e.toString());
        }
    }

    /** The links the other nodes hold by tunnel, read from their live leases now (for the admin). */
    private Map<String, LiveTunnel> elsewhereNow() {
        return othersOf(tables.liveLeases(System.currentTimeMillis()));
    }

    private Map<String, LiveTunnel> othersOf(List<ClusterStore.Lease> leases) {
        Map<String, LiveTunnel> others = new HashMap<>();
        for (ClusterStore.Lease l : leases) {
            if (!l.nodeId().equals(nodeId)) {
                held(l).ifPresent(t -> others.put(l.tunnelId(), t));
            }
        }
        return others;
    }

    /** A link another node holds, as its lease tells it; none for a row whose time cannot be read. */
    private Optional<LiveTunnel> held(ClusterStore.Lease l) {
        try {
            return Optional.of(LiveTunnel.elsewhere(l.tunnelId(), l.socketId(), l.dnsName(), l.nodeId(),
                    l.agentHost(), l.agentAddress(), Instant.parse(l.connectedSince())));
        } catch (DateTimeParseException e) {
            // One bad row (written by hand, or by another version) must not hide the others or stop the routes.
            badLeases.hit(n -> LOG.warn("passing over the lease of tunnel {} on node {}: connected_since {} is not a"
                    + " time{}", l.tunnelId(), l.nodeId(), l.connectedSince(), LogThrottle.more(n)));
            return Optional.empty();
        }
    }

    private void replay(ClusterStore.Signal signal) {
        switch (signal.kind()) {
            case ClusterStore.Signal.KICK_TUNNEL -> registry.closeTunnelHere(signal.subject());
            case ClusterStore.Signal.DROP_OWNER -> registry.closeOwnerHere(signal.subject());
            default -> LOG.debug("unknown cluster signal {}", signal.kind());
        }
    }

    /**
     * The server is draining: its row and leases go now, so agents and the other nodes turn elsewhere, while the
     * links and relays in flight finish.
     */
    public void leave() {
        leaving = true;
        try {
            tables.removeNode(nodeId);
        } catch (RuntimeException e) {
            // The store is away: the row and leases expire on their own within LEASE_TTL.
            LOG.warn("cannot take node {} out of the store: {}", nodeId, e.toString());
        }
    }

    /** Leaves the cluster: no more polling, links to the others closed, this node's row and leases removed. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peers.close();
        try {
            tables.removeNode(nodeId);
        } catch (RuntimeException e) {
            LOG.debug("cannot remove node {} from the store: {}", nodeId, e.toString());
        }
    }
}

// What a tunnel's link coming and going changes beyond the registry: the metrics, the owner's last-seen time and the
// tunnel's traffic totals in the store, the cluster's leases and the owner's event streams (the store's part off the
// event loop). It reaches the API and the cluster, which no package under them may, so it sits with the server.
package dev.portway.server;

import dev.portway.server.api.ApiServer;
import dev.portway.server.cluster.ClusterNode;
import dev.portway.server.events.UserEvents;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.store.Store;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class TunnelBook {
    /** Logged as the server's lines: the log reads as it did when the server kept this book itself. */
    private static final Logger LOG = LoggerFactory.getLogger(PortwayServer.class);

    private final ServerMetrics metrics;
    private final Store store;
    private final UserEvents events;
    private final BlockingWork blocking;
    /** Both come after the registry that calls in here: null until then (the API), or for a single server. */
    private final Supplier<ApiServer> api;
    private final Supplier<ClusterNode> cluster;

    TunnelBook(ServerMetrics metrics, Store store, UserEvents events, BlockingWork blocking, Supplier<ApiServer> api,
               Supplier<ClusterNode> cluster) {
        this.metrics = metrics;
        this.store = store;
        this.events = events;
        this.blocking = blocking;
        this.api = api;
        this.cluster = cluster;
    }

    /** The owner was seen (an admin's user list tells), and their apps hear of it. */
    void started(TunnelSession s) {
        metrics.linkConnected();
        ApiServer a = api.get();
        if (s.ownerId() == null) {
            return;
        }
        ClusterNode c = cluster.get();
        if (c != null) {
            blocking.offLoop(() -> c.linkStarted(s));
        }
        blocking.offLoop(() -> {
            store.touchUser(s.ownerId(), Instant.now().toString());
            if (a != null && events.watched(s.ownerId())) {
                a.tunnelChanged(s.ownerId(), s.tunnelId());
            }
        });
    }

    /** The link's traffic is added to the tunnel's totals, and the owner's apps hear that it went. */
    void ended(TunnelSession s) {
        metrics.linkEnded(s.bytesIn(), s.bytesOut());
        ApiServer a = api.get();
        ClusterNode c = cluster.get();
        blocking.surely(() -> {
            if (c != null) {
                c.linkEnded(s);
            }
            store.addTunnelTraffic(s.tunnelId(), s.bytesIn(), s.bytesOut());
            if (a != null) {
                a.tunnelChanged(s.ownerId(), s.tunnelId());
            }
        });
        LOG.info("tunnel {} offline for {}", s.tunnelId(), s.dnsName());
    }
}

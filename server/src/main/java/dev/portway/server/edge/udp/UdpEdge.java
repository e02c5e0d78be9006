// What every udp port's flow table shares: where sockets and streams come from, the limits, the per-address cap,
// and the drop counters with their throttled log lines.
package dev.portway.server.edge.udp;

import dev.portway.server.config.UdpLimits;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.edge.VisitorStreams;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.metrics.UdpDrop;
import dev.portway.server.metrics.UdpMeters;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class UdpEdge {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEdge.class);

    final SocketCatalog catalog;
    final VisitorStreams streams;
    final ServerMetrics metrics;
    final UdpMeters meters;
    final UdpLimits limits;
    final FlowCap cap;
    private final LogThrottle[] throttles = new LogThrottle[UdpDrop.values().length];

    UdpEdge(SocketCatalog catalog, VisitorStreams streams, ServerMetrics metrics, UdpLimits limits) {
        this.catalog = catalog;
        this.streams = streams;
        this.metrics = metrics;
        this.meters = metrics.udp();
        this.limits = limits;
        this.cap = new FlowCap(limits.maxFlowsPerAddress());
        for (UdpDrop reason : UdpDrop.values()) {
            throttles[reason.ordinal()] = new LogThrottle(Duration.ofSeconds(10));
        }
    }

    /** Counts a dropped datagram. */
    void dropped(UdpDrop reason) {
        meters.dropped(reason);
    }

    /** Counts a datagram dropped because its visitor could not have a flow, and says so at most every 10 s. */
    void refused(UdpDrop reason, InetSocketAddress visitor, String dnsName, String why) {
        meters.dropped(reason);
        throttles[reason.ordinal()].hit(n -> LOG.info("udp socket {}: dropped datagrams of {} ({}){}", dnsName,
                visitor.getAddress().getHostAddress(), why, LogThrottle.more(n)));
    }
}

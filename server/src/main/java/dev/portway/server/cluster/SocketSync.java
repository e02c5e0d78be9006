// Keeps this node's edge in step with sockets another node created, changed or deleted: the catalog, the dedicated
// ports bound here, and the links of deleted sockets. Compares the store's sockets with the last ones it saw.
package dev.portway.server.cluster;

import dev.portway.protocol.api.SocketType;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.store.SocketRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SocketSync {
    private static final Logger LOG = LoggerFactory.getLogger(SocketSync.class);
    private final SocketCatalog catalog;
    private final DedicatedPorts ports;
    private final TunnelRegistry registry;
    private Map<String, SocketRecord> known = new HashMap<>();
    private Set<String> strayIds = Set.of();
    private Set<Integer> strayPorts = Set.of();
    private Set<Integer> strayUdpPorts = Set.of();

    /** loaded: the sockets the node started with (already in the catalog, their ports bound). */
    SocketSync(SocketCatalog catalog, DedicatedPorts ports, TunnelRegistry registry, List<SocketRecord> loaded) {
        this.catalog = catalog;
        this.ports = ports;
        this.registry = registry;
        loaded.forEach(s -> known.put(s.id(), s));
    }

    /** Applies the differences between now (every socket in the store) and what was seen last time. */
    void apply(List<SocketRecord> now) {
        Map<String, SocketRecord> next = new HashMap<>();
        now.forEach(s -> next.put(s.id(), s));
        // The deleted first: a socket that took a deleted one's port (or name) between two polls keeps it here.
        for (SocketRecord gone : known.values()) {
            if (!next.containsKey(gone.id())) {
                catalog.remove(gone);
                if (gone.port() != null) {
                    ports.forType(gone.socketType()).release(gone.port());
                }
                registry.disconnectSocket(gone.id());
                LOG.debug("socket {} deleted", gone.dnsName());
            }
        }
        for (SocketRecord s : now) {
            SocketRecord before = known.get(s.id());
            if (s.equals(before)) {
                continue;
            }
            if (before != null && !before.dnsName().equalsIgnoreCase(s.dnsName())) {
                catalog.remove(before);
            }
            catalog.put(s);
            DedicatedPorts own = ports.forType(s.socketType());
            if (s.port() != null && !own.inUse().contains(s.port())) {
                own.open(s.port(), s.dnsName());
            }
            LOG.debug("socket {} {}", s.dnsName(), before == null ? "added" : "changed");
        }
        known = next;
        dropStrays(next.values());
    }

    /**
     * A socket made through this node's API and deleted through another's before a poll saw it is in neither
     * snapshot, yet in the catalog with its port bound here. Such strays go once two polls in a row miss them (one
     * would take a socket whose creation is under way here: bound and put, but not yet committed when read).
     */
    private void dropStrays(Collection<SocketRecord> now) {
        Set<String> idsNow = new HashSet<>(catalog.ids());
        idsNow.removeAll(known.keySet());
        for (String id : idsNow) {
            if (strayIds.contains(id)) {
                catalog.forget(id);
                registry.disconnectSocket(id);
            }
        }
        strayIds = idsNow;
        strayPorts = strayPorts(ports.forType(SocketType.TCP), now, false, strayPorts);
        DedicatedPorts udp = ports.forType(SocketType.UDP);
        if (udp != ports) { // a node without UDP ports (tests) has no second space
            strayUdpPorts = strayPorts(udp, now, true, strayUdpPorts);
        }
    }

    /** Releases the ports of one port space that two polls in a row found bound with no socket; returns this poll's. */
    private static Set<Integer> strayPorts(DedicatedPorts space, Collection<SocketRecord> now, boolean udp,
                                           Set<Integer> before) {
        Set<Integer> portsNow = new HashSet<>(space.inUse());
        for (SocketRecord s : now) {
            if (s.port() != null && SocketType.isUdp(s.socketType()) == udp) {
                portsNow.remove(s.port());
            }
        }
        for (int port : portsNow) {
            if (before.contains(port)) {
                space.release(port); // a udp port's flows end with it
            }
        }
        return portsNow;
    }
}

// Keeps this node's edge in step with sockets another node created, changed or deleted: the catalog, the dedicated
// ports bound here, and the links of deleted sockets. Compares the store's sockets with the last ones it saw.
package dev.portway.server.cluster;

import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.store.SocketRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class SocketSync {
    private final SocketCatalog catalog;
    private final DedicatedPorts ports;
    private final TunnelRegistry registry;
    private Map<String, SocketRecord> known = new HashMap<>();

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
        for (SocketRecord s : now) {
            next.put(s.id(), s);
            SocketRecord before = known.get(s.id());
            if (s.equals(before)) {
                continue;
            }
            if (before != null && !before.dnsName().equalsIgnoreCase(s.dnsName())) {
                catalog.remove(before);
            }
            catalog.put(s);
            if (s.port() != null && !ports.inUse().contains(s.port())) {
                ports.open(s.port(), s.dnsName());
            }
        }
        for (SocketRecord gone : known.values()) {
            if (!next.containsKey(gone.id())) {
                catalog.remove(gone);
                if (gone.port() != null) {
                    ports.release(gone.port());
                }
                registry.disconnectSocket(gone.id());
            }
        }
        known = next;
    }
}

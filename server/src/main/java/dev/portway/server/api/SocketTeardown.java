// What follows a socket's deletion from the store: the edge forgets it, its port is freed, its links drop, and its
// owner's apps hear of it.
package dev.portway.server.api;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.events.UserEvents;
import dev.portway.server.live.Disconnects;
import dev.portway.server.store.SocketRecord;

final class SocketTeardown {
    private final SocketCatalog catalog;
    private final DedicatedPorts ports;
    private final Disconnects disconnects;
    private final UserEvents events;

    SocketTeardown(SocketCatalog catalog, DedicatedPorts ports, Disconnects disconnects, UserEvents events) {
        this.catalog = catalog;
        this.ports = ports;
        this.disconnects = disconnects;
        this.events = events;
    }

    void removed(SocketRecord s) {
        catalog.remove(s);
        if (s.port() != null) {
            ports.forType(s.socketType()).release(s.port());
        }
        disconnects.disconnectSocket(s.id());
        events.publish(s.ownerId(), ApiEvents.SOCKET_DELETED, new ApiEvents.Deleted(s.id(), null));
    }
}

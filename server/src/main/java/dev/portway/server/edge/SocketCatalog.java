// The sockets the edge serves, by name and by dedicated port: read on the event loop without touching the store.
// The API updates it with every change, so a new access setting applies to the next visitor at once.
package dev.portway.server.edge;

import dev.portway.server.store.SocketRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class SocketCatalog {
    private final Map<String, EdgeSocket> byName = new ConcurrentHashMap<>();
    private final Map<Integer, EdgeSocket> byPort = new ConcurrentHashMap<>();
    private final Map<String, EdgeSocket> byId = new ConcurrentHashMap<>();

    public void put(SocketRecord record) {
        EdgeSocket s = EdgeSocket.of(record);
        byName.put(s.dnsName().toLowerCase(Locale.ROOT), s);
        byId.put(s.id(), s);
        if (s.port() != null) {
            byPort.put(s.port(), s);
        }
    }

    public void remove(SocketRecord record) {
        byName.remove(record.dnsName().toLowerCase(Locale.ROOT));
        byId.remove(record.id());
        if (record.port() != null) {
            byPort.remove(record.port());
        }
    }

    /** Forgets the socket with this id (a node that learns of a deletion may not have its record). */
    public void forget(String socketId) {
        EdgeSocket s = byId.remove(socketId);
        if (s != null) {
            byName.remove(s.dnsName().toLowerCase(Locale.ROOT), s);
            if (s.port() != null) {
                byPort.remove(s.port(), s);
            }
        }
    }

    /** The ids of every socket served now. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(byId.keySet());
    }

    public Optional<EdgeSocket> byName(String dnsName) {
        return Optional.ofNullable(byName.get(dnsName));
    }

    /** A stream relayed from another node names its socket by id. */
    public Optional<EdgeSocket> byId(String socketId) {
        return Optional.ofNullable(byId.get(socketId));
    }

    public Optional<EdgeSocket> byPort(int port) {
        return Optional.ofNullable(byPort.get(port));
    }
}

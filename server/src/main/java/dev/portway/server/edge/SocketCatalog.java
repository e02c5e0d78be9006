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
    private volatile Listener listener = Listener.NONE;

    /** Told of each name the edge starts or stops serving, on the caller's thread: it must not block. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void served(EdgeSocket socket) {
            }

            @Override
            public void dropped(String dnsName) {
            }
        };

        void served(EdgeSocket socket);

        void dropped(String dnsName);
    }

    public void listen(Listener l) {
        listener = l;
    }

    public void put(SocketRecord record) {
        EdgeSocket s = EdgeSocket.of(record);
        listener.served(s);
        byName.put(s.dnsName().toLowerCase(Locale.ROOT), s);
        byId.put(s.id(), s);
        if (s.port() != null) {
            byPort.put(s.port(), s);
        }
    }

    public void remove(SocketRecord record) {
        listener.dropped(record.dnsName());
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
            listener.dropped(s.dnsName());
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

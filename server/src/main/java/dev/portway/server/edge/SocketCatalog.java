// The sockets the edge serves, by name and by dedicated port: read on the event loop without touching the store.
// The API updates it with every change, so a new access setting applies to the next visitor at once. A socket's
// verified custom domains are names of it too; every change to them is told to the custom domains' listeners.
package dev.portway.server.edge;

import dev.portway.protocol.api.SocketType;
import dev.portway.server.domains.CustomDomains;
import dev.portway.server.store.SocketRecord;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class SocketCatalog {
    private final Map<String, EdgeSocket> byName = new ConcurrentHashMap<>();
    private final Map<Integer, EdgeSocket> byPort = new ConcurrentHashMap<>();
    /** The UDP ports of udp sockets: their own port space, so a number may be in both maps. */
    private final Map<Integer, EdgeSocket> byUdpPort = new ConcurrentHashMap<>();
    private final Map<String, EdgeSocket> byId = new ConcurrentHashMap<>();
    /** Each socket's custom domains served now, by socket id. Changed only under this object's lock. */
    private final Map<String, Set<String>> domainsById = new ConcurrentHashMap<>();
    private final CustomDomains customDomains = new CustomDomains();
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

    public synchronized void put(SocketRecord record) {
        EdgeSocket s = EdgeSocket.of(record);
        listener.served(s);
        byName.put(s.dnsName().toLowerCase(Locale.ROOT), s);
        byId.put(s.id(), s);
        if (s.port() != null) {
            ports(s.type()).put(s.port(), s);
        }
        Set<String> before = domainsById.getOrDefault(s.id(), Set.of());
        Set<String> now = Set.copyOf(record.domains());
        for (String name : now) {
            byName.put(name, s);
            if (!before.contains(name)) {
                customDomains.served(name, s.id());
            }
        }
        Set<String> gone = new HashSet<>(before);
        gone.removeAll(now);
        withdraw(s.id(), gone);
        if (now.isEmpty()) {
            domainsById.remove(s.id());
        } else {
            domainsById.put(s.id(), now);
        }
    }

    /**
     * Stops serving the socket. Its name and port are withdrawn only while they are still its own: on a cluster a
     * poll may put a new socket of the same name (a --subdomain deleted and made again) before it removes the old.
     */
    public synchronized void remove(SocketRecord record) {
        byId.remove(record.id());
        // Under this object's lock, as every change: nothing changes the name between the look and the removal.
        EdgeSocket named = byName.get(record.dnsName().toLowerCase(Locale.ROOT));
        if (named == null || named.id().equals(record.id())) {
            byName.remove(record.dnsName().toLowerCase(Locale.ROOT));
            listener.dropped(record.dnsName());
        }
        if (record.port() != null) {
            ports(record.socketType()).computeIfPresent(record.port(), (k, v) -> v.id().equals(record.id()) ? null : v);
        }
        withdraw(record.id(), domainsById.getOrDefault(record.id(), Set.of()));
        domainsById.remove(record.id());
    }

    /** Forgets the socket with this id (a node that learns of a deletion may not have its record). */
    public synchronized void forget(String socketId) {
        EdgeSocket s = byId.remove(socketId);
        if (s != null) {
            if (byName.remove(s.dnsName().toLowerCase(Locale.ROOT), s)) {
                listener.dropped(s.dnsName());
            }
            if (s.port() != null) {
                ports(s.type()).remove(s.port(), s);
            }
        }
        withdraw(socketId, domainsById.getOrDefault(socketId, Set.of()));
        domainsById.remove(socketId);
    }

    /** byPort: the TCP ports the raw edge routes (tcp, tls); byUdpPort: the UDP ports of udp sockets. */
    private Map<Integer, EdgeSocket> ports(String socketType) {
        return SocketType.isUdp(socketType) ? byUdpPort : byPort;
    }

    /** Stops routing the names to the socket; a name another socket took meanwhile stays that socket's. */
    private void withdraw(String socketId, Set<String> names) {
        for (String name : names) {
            boolean[] removed = {false};
            byName.computeIfPresent(name, (k, v) -> {
                removed[0] = v.id().equals(socketId);
                return removed[0] ? null : v;
            });
            if (removed[0]) {
                customDomains.withdrawn(name);
            }
        }
    }

    /** The custom domains served now, and who hears when that changes. */
    public CustomDomains customDomains() {
        return customDomains;
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

    /** The udp socket whose UDP port this is. */
    public Optional<EdgeSocket> byUdpPort(int port) {
        return Optional.ofNullable(byUdpPort.get(port));
    }
}

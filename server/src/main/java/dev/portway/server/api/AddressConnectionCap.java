// Caps the API's connections from one client address: the excess is closed as soon as it opens, before a request
// is read or a handshake finished, as the edge does with its visitors.
package dev.portway.server.api;

import dev.portway.server.log.LogThrottle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AddressConnectionCap extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(AddressConnectionCap.class);

    private final Server server;
    private final int perAddress;
    /** Each open Connection's client: on TLS, one socket carries several Connections, one over the other. */
    private final Map<Connection, InetSocketAddress> clients = new HashMap<>();
    /** Open Connections per client socket. */
    private final Map<InetSocketAddress, Integer> sockets = new HashMap<>();
    /** Open client sockets per address. */
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private final LogThrottle refusals = new LogThrottle(Duration.ofSeconds(10));

    AddressConnectionCap(Server server, int perAddress) {
        this.server = server;
        this.perAddress = perAddress;
    }

    /** Listens on every connector of the server (added as a bean of it, as Jetty's ConnectionLimit does). */
    @Override
    protected void doStart() {
        for (Connector c : server.getConnectors()) {
            ((ContainerLifeCycle) c).addBean(this);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint.getRemoteSocketAddress() instanceof InetSocketAddress client)) {
            return;
        }
        int fromAddress;
        synchronized (this) {
            clients.put(connection, client);
            if (sockets.merge(client, 1, Integer::sum) == 1) {
                byAddress.merge(client.getAddress(), 1, Integer::sum);
            }
            fromAddress = byAddress.get(client.getAddress());
        }
        if (fromAddress > perAddress) {
            refusals.hit(n -> LOG.warn("refused {} API connection(s) in the last 10 s; latest from {} (it has {}"
                    + " open)", n, client.getAddress().getHostAddress(), perAddress));
            endPoint.close();
        }
    }

    @Override
    public synchronized void onClosed(Connection connection) {
        // Looked up, not asked of the end point: a closed socket no longer knows its peer.
        InetSocketAddress client = clients.remove(connection);
        if (client != null && sockets.merge(client, -1, Integer::sum) == 0) {
            sockets.remove(client);
            byAddress.computeIfPresent(client.getAddress(), (a, n) -> n == 1 ? null : n - 1);
        }
    }
}

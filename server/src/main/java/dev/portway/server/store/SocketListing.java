// A socket as the socket lists show it, read in one query with everything they show of it: its owner's email, its
// tunnels (oldest first) and its custom domain claims (by name, whatever their status).
package dev.portway.server.store;

import java.util.List;

public record SocketListing(SocketRecord socket, String ownerEmail, List<TunnelRecord> tunnels,
                            List<CustomDomainRecord> domains) {
    public SocketListing {
        tunnels = List.copyOf(tunnels);
        domains = List.copyOf(domains);
    }
}

// Links of a socket that other nodes of the cluster hold: a visitor with no link here is relayed to one of them.
package dev.portway.server.edge;

import dev.portway.server.link.TunnelSession;
import java.util.Optional;
import java.util.Set;

public interface RemoteTunnels {
    /** A single server: every link is local. */
    RemoteTunnels NONE = (dnsName, tried) -> Optional.empty();

    /** A session whose streams reach a node that holds a link of the name, not one of tried; empty when none. */
    Optional<TunnelSession> route(String dnsName, Set<TunnelSession> tried);
}

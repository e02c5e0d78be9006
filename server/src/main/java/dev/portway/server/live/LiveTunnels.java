// The read side of the live tunnel links: what the API, the metrics and the events may know of them, as records.
// Only the link and edge code hold the links themselves (to open streams on them or close them).
package dev.portway.server.live;

import java.util.List;
import java.util.Optional;

public interface LiveTunnels {
    /** Every link this server holds, the longest-connected first. */
    List<LiveTunnel> here();

    /** The tunnel's link if this server holds it. */
    Optional<LiveTunnel> here(String tunnelId);

    /**
     * The links other nodes of a cluster hold and this server does not, from their live leases read from the store
     * now (the admin acts on what it lists); empty on a single server.
     */
    List<LiveTunnel> elsewhere();

    /**
     * The tunnel's link if another node holds it (and this server does not), from the leases as last polled (within
     * a second): cheap enough for every tunnel of a listing.
     */
    Optional<LiveTunnel> elsewhere(String tunnelId);

    /** The tunnel's link wherever it is held: here first, then on another node; empty when it is offline. */
    default Optional<LiveTunnel> status(String tunnelId) {
        return here(tunnelId).or(() -> elsewhere(tunnelId));
    }

    /** As status(), with the other nodes' leases read now: a lease that expired since the last poll is offline. */
    default Optional<LiveTunnel> statusNow(String tunnelId) {
        return here(tunnelId).or(() -> elsewhere().stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst());
    }

    /** How many links this server holds. */
    int size();

    /** Visitor streams open over all the links this server holds. */
    int openStreams();
}

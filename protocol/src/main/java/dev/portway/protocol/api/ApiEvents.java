// The events of GET /api/v1/events (Server-Sent Events), by name, and the bodies that only they carry.
package dev.portway.protocol.api;

import java.util.List;

public final class ApiEvents {
    /** The stream is live; data {}. */
    public static final String READY = "ready";
    /** A socket was made or changed; data: SocketInfo. */
    public static final String SOCKET = "socket";
    /** data: Deleted with socket_id. */
    public static final String SOCKET_DELETED = "socket_deleted";
    /** A tunnel was made, or went online or offline; data: TunnelInfo (agent_host says where it runs). */
    public static final String TUNNEL = "tunnel";
    /** data: Deleted with tunnel_id and socket_id. */
    public static final String TUNNEL_DELETED = "tunnel_deleted";
    /** Once a second while any of the user's tunnels is online; data: Traffic. */
    public static final String TRAFFIC = "traffic";

    private ApiEvents() {
    }

    public record Deleted(String socketId, String tunnelId) {
    }

    /** Counters of each online tunnel's current link (since connected_since): rates come from their change. */
    public record Traffic(List<Sample> tunnels) {
        public Traffic {
            tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        }
    }

    public record Sample(String tunnelId, String socketId, long bytesIn, long bytesOut, int openConnections) {
    }
}

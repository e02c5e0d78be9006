// A tunnel (origin) with its live status; credential is present only right after it was issued; agent_host and
// agent_address name the machine whose agent holds the link, and local_target ("HOST:PORT") where that agent relays
// visitors to, while online (local_target absent when the agent is too old to say).
package dev.portway.protocol.api;

public record TunnelInfo(
        String tunnelId,
        String socketId,
        String status,
        String connectedSince,
        long bytesIn,
        long bytesOut,
        int openConnections,
        String createdAt,
        String credential,
        String agentHost,
        String agentAddress,
        String localTarget) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public TunnelInfo withCredential(String newCredential) {
        return new TunnelInfo(tunnelId, socketId, status, connectedSince, bytesIn, bytesOut, openConnections,
                createdAt, newCredential, agentHost, agentAddress, localTarget);
    }
}

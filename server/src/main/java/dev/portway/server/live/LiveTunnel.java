// One live tunnel link as the API, the metrics and the events see it: a snapshot that holds no link, so a reader
// can neither open a stream on it nor close it.
package dev.portway.server.live;

import java.time.Instant;

/**
 * nodeId: the other node of a cluster that holds the link (its lease says so; then the agent's version, local target
 * and traffic are not known here: null and zero), null when this server holds it. ownerId, agentHost, agentAddress,
 * agentVersion and localTarget may be null (the agent did not say, or the lease does not carry it).
 */
public record LiveTunnel(String tunnelId, String socketId, String dnsName, String ownerId, String nodeId,
                         String agentHost, String agentAddress, String agentVersion, String localTarget,
                         Instant connectedSince, long bytesIn, long bytesOut, int openStreams) {

    /** A link another node holds, as its lease tells: no traffic is known here. */
    public static LiveTunnel elsewhere(String tunnelId, String socketId, String dnsName, String nodeId,
                                       String agentHost, String agentAddress, Instant connectedSince) {
        return new LiveTunnel(tunnelId, socketId, dnsName, null, nodeId, agentHost, agentAddress, null, null,
                connectedSince, 0, 0, 0);
    }

    public boolean heldHere() {
        return nodeId == null;
    }
}

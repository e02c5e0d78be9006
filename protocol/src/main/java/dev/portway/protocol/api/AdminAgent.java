// One live tunnel link (an agent connected right now) as the admin API lists it. A link that another node of a
// cluster holds is known from its lease: no agent version, and its traffic (bytes, open streams) shows as 0.
package dev.portway.protocol.api;

public record AdminAgent(
        String tunnelId,
        String socketId,
        String socketName,
        String dnsName,
        String userId,
        String userEmail,
        /* The agent's IP address as the server sees it. */
        String remoteAddress,
        /* The machine name the agent gave; may be null. */
        String agentHost,
        /* The agent program and version from its hello, e.g. "portway-agent/0.1.0"; may be null. */
        String agentVersion,
        String connectedSince,
        long bytesIn,
        long bytesOut,
        int openStreams,
        /* The id of the cluster's node that holds the link; null on a single server. */
        String node) {
}

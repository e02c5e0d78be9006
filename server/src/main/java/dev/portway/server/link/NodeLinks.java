// What the tunnel port does with a hello from another node of the cluster (instead of an agent's).
package dev.portway.server.link;

import io.netty.channel.ChannelPipeline;

public interface NodeLinks {
    /** Whether the credential is the cluster key (compared in constant time). */
    boolean keyMatches(String credential);

    /** Turns the accepted link into HTTP/2 on which the other node opens visitor streams; removes the hello. */
    void upgrade(ChannelPipeline p);
}

// What the tunnel port does with a hello from another node of the cluster (instead of an agent's).
package dev.portway.server.link;

import io.netty.channel.ChannelPipeline;
import java.util.Optional;

public interface NodeLinks {
    /**
     * Why a node link is refused, or empty when it is admitted: the credential must be the cluster key (compared
     * in constant time) and the TLS peer's certificate (its SHA-256 fingerprint, null when it presented none) one
     * that a node of the cluster published. Reads the store: call it off the event loop.
     */
    Optional<String> refusal(String credential, String certificateFingerprint);

    /** Turns the accepted link into HTTP/2 on which the other node opens visitor streams; removes the hello. */
    void upgrade(ChannelPipeline p);
}

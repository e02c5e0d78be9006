// The once-a-second traffic event: each watched user's online tunnels' counters, gathered in one pass over the live
// links, so a tick costs the number of links, not users times links.
package dev.portway.server.events;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.live.LiveTunnel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

public final class TrafficTick {
    private TrafficTick() {
    }

    /** Sends every watched owner one event with the samples of their tunnels; owners without one get nothing. */
    public static void send(UserEvents events, Collection<LiveTunnel> links) {
        byOwner(links, events::watched)
                .forEach((user, samples) -> events.publish(user, ApiEvents.TRAFFIC, new ApiEvents.Traffic(samples)));
    }

    /** The samples of the links whose owner is watched, by owner, in the links' order. */
    static Map<String, List<ApiEvents.Sample>> byOwner(Collection<LiveTunnel> links, Predicate<String> watched) {
        Map<String, List<ApiEvents.Sample>> samples = new HashMap<>();
        for (LiveTunnel s : links) {
            if (watched.test(s.ownerId())) {
                samples.computeIfAbsent(s.ownerId(), u -> new ArrayList<>()).add(new ApiEvents.Sample(s.tunnelId(),
                        s.socketId(), s.bytesIn(), s.bytesOut(), s.openStreams()));
            }
        }
        return samples;
    }
}

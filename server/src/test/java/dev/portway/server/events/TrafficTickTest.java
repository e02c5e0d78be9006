// The traffic tick: each watched user gets one event with exactly their tunnels' samples, found in one pass over the
// live links (one look per link, however many users watch).
package dev.portway.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.live.LiveTunnel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrafficTickTest {
    static LiveTunnel session(String tunnelId, String owner, long in) {
        return new LiveTunnel(tunnelId, "socket-of-" + owner, owner + ".localhost", owner, null, "laptop", null, null,
                null, Instant.EPOCH, in, 0, 0);
    }

    final List<LiveTunnel> sessions = List.of(session("a1", "ann", 10), session("b1", "bob", 20),
            session("a2", "ann", 30), session("c1", "cat", 40));

    @Test
    void eachWatchedUserGetsOneEventWithTheirOwnTunnels() throws Exception {
        UserEvents events = new UserEvents();
        Map<String, List<String>> heard = Map.of("ann", new ArrayList<>(), "bob", new ArrayList<>());
        heard.forEach((user, got) -> events.subscribe(user, (name, json) -> {
            assertEquals(ApiEvents.TRAFFIC, name);
            return got.add(json);
        }));
        TrafficTick.send(events, sessions);
        assertEquals(1, heard.get("ann").size());
        assertEquals(1, heard.get("bob").size());
        JsonNode ann = Json.mapper().readTree(heard.get("ann").get(0)).get("tunnels");
        assertEquals(2, ann.size());
        assertEquals("a1", ann.get(0).get("tunnel_id").asText());
        assertEquals(10, ann.get(0).get("bytes_in").asLong());
        assertEquals("a2", ann.get(1).get("tunnel_id").asText());
        JsonNode bob = Json.mapper().readTree(heard.get("bob").get(0)).get("tunnels");
        assertEquals(1, bob.size());
        assertEquals("socket-of-bob", bob.get(0).get("socket_id").asText());
    }

    @Test
    void eachSessionIsLookedAtOnce() {
        AtomicInteger looks = new AtomicInteger();
        Map<String, List<ApiEvents.Sample>> byOwner = TrafficTick.byOwner(sessions, owner -> {
            looks.incrementAndGet();
            return !owner.equals("cat");
        });
        assertEquals(sessions.size(), looks.get());
        assertEquals(List.of("a1", "a2"), byOwner.get("ann").stream().map(ApiEvents.Sample::tunnelId).toList());
        assertEquals(2, byOwner.size());
    }
}

// The events' clock, tick by tick: a traffic event for the watched user each second, a keep-alive comment every 15th,
// and a tick that fails does not end the ticks (a scheduled task that throws is never run again).
package dev.portway.server.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficTickerTest {
    private final UserEvents events = new UserEvents();
    private final List<String> heard = new ArrayList<>();
    private boolean broken;

    private final LiveTunnels tunnels = new LiveTunnels() {
        @Override
        public List<LiveTunnel> here() {
            if (broken) {
                throw new IllegalStateException("a registry that fails once");
            }
            return List.of(TrafficTickTest.session("a1", "ann", 10));
        }

        @Override
        public Optional<LiveTunnel> here(String tunnelId) {
            return Optional.empty();
        }

        @Override
        public List<LiveTunnel> elsewhere() {
            return List.of();
        }

        @Override
        public Optional<LiveTunnel> elsewhere(String tunnelId) {
            return Optional.empty();
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public int openStreams() {
            return 0;
        }
    };

    @Test
    void everyTickSendsTrafficAndEveryFifteenthAComment() {
        events.subscribe("ann", (name, json) -> heard.add(name == null ? "comment: " + json : name));
        TrafficTicker ticker = new TrafficTicker(events, tunnels);
        for (int i = 0; i < 30; i++) {
            ticker.run();
        }
        assertEquals(30, heard.stream().filter(ApiEvents.TRAFFIC::equals).count());
        assertEquals(List.of("comment: still here", "comment: still here"),
                heard.stream().filter(h -> h.startsWith("comment")).toList());
        assertEquals("comment: still here", heard.get(15));
    }

    @Test
    void aTickThatFailsIsLoggedAndTheNextOneComes() {
        events.subscribe("ann", (name, json) -> heard.add(name == null ? "comment" : name));
        TrafficTicker ticker = new TrafficTicker(events, tunnels);
        broken = true;
        assertDoesNotThrow(ticker::run);
        broken = false;
        ticker.run();
        assertEquals(List.of(ApiEvents.TRAFFIC), heard);
    }
}

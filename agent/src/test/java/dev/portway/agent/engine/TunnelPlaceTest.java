// The one wording of where a tunnel runs, shared by the app and "tunnel ls --watch".
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.TunnelInfo;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TunnelPlaceTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static TunnelInfo tunnel(String status, String since, String host, String address) {
        return new TunnelInfo("t", "s", status, since, 0, 0, 0, "2026-01-01T00:00:00Z", null, host, address, null);
    }

    @Test
    void anOnlineTunnelNamesTheAgentsMachineAndWhenItConnectedOnTheReadersClock() {
        assertEquals("online via another agent (laptop, since 15:02)",
                TunnelPlace.of(tunnel("online", "2026-11-27T14:02:59Z", "laptop", "192.0.2.7"), BERLIN));
        assertEquals("online via another agent (192.0.2.7, since 14:02)",
                TunnelPlace.of(tunnel("online", "2026-11-27T14:02:00Z", null, "192.0.2.7"), ZoneId.of("UTC")));
    }

    @Test
    void whatTheServerDoesNotSayIsLeftOut() {
        assertEquals("online via another agent (an unknown host)",
                TunnelPlace.of(tunnel("online", null, null, null), BERLIN));
        assertEquals("online via another agent (laptop)",
                TunnelPlace.of(tunnel("online", "yesterday", "laptop", null), BERLIN));
    }

    @Test
    void anOfflineTunnelIsOffline() {
        assertEquals("offline", TunnelPlace.of(tunnel("offline", null, null, null), BERLIN));
    }
}

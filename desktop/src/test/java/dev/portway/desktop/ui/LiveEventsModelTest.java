// The server's live events applied to the main screen's model, with no refresh: sockets and tunnels come and go,
// tunnels go online here or via another agent and offline, and the server's traffic drives another agent's chart.
package dev.portway.desktop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.ui.common.Banner;
import dev.portway.desktop.ui.common.Calls;
import dev.portway.desktop.ui.common.LiveEvents;
import dev.portway.desktop.ui.common.Session;
import dev.portway.desktop.ui.sockets.SocketModel;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveEventsModelTest {
    private static final String SINCE = "2026-11-27T14:02:31Z";

    @TempDir
    Path dir;
    SocketsModel sockets;

    @BeforeEach
    void model() {
        SettingsStore store = new SettingsStore(dir.resolve("config.json"));
        Calls calls = new Calls(Runnable::run, Runnable::run);
        // Never signed in: no call reaches a server, so every change below comes from an event.
        Session session = new Session(store, calls, Runnable::run, new LiveEvents(r -> {
        }, Runnable::run), why -> {
        });
        sockets = new SocketsModel(session, store, new Banner());
    }

    private void hear(String name, Object data) throws JsonProcessingException {
        sockets.apply(new ServerEvent(name, Json.mapper().writeValueAsString(data)));
    }

    private static SocketInfo socket(String id, TunnelInfo... tunnels) {
        return new SocketInfo(id, "web " + id, id + ".localhost", "http", "http://" + id + ".localhost", null, null,
                false, null, List.of(), "2026-11-27T10:00:00Z", List.of(tunnels));
    }

    private static TunnelInfo offline(String id, String socketId, long in, long out) {
        return new TunnelInfo(id, socketId, TunnelInfo.OFFLINE, null, in, out, 0, "2026-11-27T10:00:00Z", null, null,
                null, null);
    }

    private static TunnelInfo online(String id, String socketId, String host, long in, long out) {
        return new TunnelInfo(id, socketId, TunnelInfo.ONLINE, SINCE, in, out, 0, "2026-11-27T10:00:00Z", null,
                host, "192.0.2.7", null);
    }

    private static ApiEvents.Traffic traffic(String tunnelId, String socketId, long in, long out, int open) {
        return new ApiEvents.Traffic(List.of(new ApiEvents.Sample(tunnelId, socketId, in, out, open)));
    }

    @Test
    void socketsAndTunnelsComeAndGoAsTheServerSays() throws Exception {
        hear(ApiEvents.SOCKET, socket("s1", offline("t1-aaaaaaaa", "s1", 0, 0)));
        assertEquals(1, sockets.sockets().size());
        assertEquals("web s1", sockets.sockets().get(0).nameProperty().get());
        TunnelModel first = sockets.tunnel("t1-aaaaaaaa").orElseThrow();
        assertEquals("offline", first.whereProperty().get());
        assertEquals(first, sockets.selectedTunnelProperty().get(), "the only socket and its tunnel are shown");

        hear(ApiEvents.TUNNEL, offline("t2-bbbbbbbb", "s1", 0, 0));
        assertEquals(List.of("t1-aaaaaaaa", "t2-bbbbbbbb"), sockets.sockets().get(0).tunnels().stream()
                .map(TunnelModel::tunnelId).toList());
        hear(ApiEvents.TUNNEL, offline("t9-cccccccc", "unknown", 0, 0));
        assertTrue(sockets.tunnel("t9-cccccccc").isEmpty(), "a tunnel of a socket not heard of is not made up");

        hear(ApiEvents.SOCKET, socket("s2"));
        assertEquals(2, sockets.sockets().size());
        hear(ApiEvents.TUNNEL_DELETED, new ApiEvents.Deleted("s1", "t1-aaaaaaaa"));
        assertTrue(sockets.tunnel("t1-aaaaaaaa").isEmpty());
        assertEquals(1, sockets.sockets().get(0).tunnels().size());
        assertEquals("t2-bbbbbbbb", sockets.selectedTunnelProperty().get().tunnelId(),
                "the traffic pane moves to a tunnel that still exists");
        hear(ApiEvents.TUNNEL, offline("t1-aaaaaaaa", "s1", 0, 0));
        assertTrue(sockets.tunnel("t1-aaaaaaaa").isEmpty(), "a late word of a deleted tunnel does not bring it back");

        hear(ApiEvents.SOCKET_DELETED, new ApiEvents.Deleted("s1", null));
        assertEquals(List.of("s2"), sockets.sockets().stream().map(SocketModel::socketId).toList());
        assertTrue(sockets.tunnel("t2-bbbbbbbb").isEmpty());
        assertEquals("s2", sockets.selectedSocketProperty().get().socketId());
        assertNull(sockets.selectedTunnelProperty().get());
        assertEquals(0, sockets.tunnels().size());
    }

    @Test
    void aTunnelAnotherAgentRunsSaysWhereAndTheServersTrafficDrivesItsChart() throws Exception {
        hear(ApiEvents.SOCKET, socket("s1", offline("t1-aaaaaaaa", "s1", 1000, 2000)));
        TunnelModel t = sockets.tunnel("t1-aaaaaaaa").orElseThrow();
        assertEquals(1000, t.bytesInProperty().get(), "the server's totals before any sample");

        hear(ApiEvents.TUNNEL, online("t1-aaaaaaaa", "s1", "laptop", 1000, 2000));
        String at = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneId.systemDefault())
                .format(Instant.parse(SINCE));
        assertEquals("online via another agent (laptop, since " + at + ")", t.whereProperty().get());
        assertTrue(t.onlineElsewhere());
        assertEquals(1, sockets.sockets().get(0).onlineProperty().get());

        sockets.apply(new ServerEvent(ApiEvents.TRAFFIC, Json.mapper().writeValueAsString(
                traffic("t1-aaaaaaaa", "s1", 100, 400, 2))));
        hear(ApiEvents.TRAFFIC, traffic("t1-aaaaaaaa", "s1", 350, 900, 3));
        assertEquals(3, t.openConnectionsProperty().get());
        assertEquals(1350, t.bytesInProperty().get(), "totals: the server's before this link, and the link's");
        assertEquals(2900, t.bytesOutProperty().get());
        assertEquals(2, t.rateIn().size());
        assertEquals(250L, t.rateIn().get(1).getYValue().longValue());
        assertEquals(500L, t.rateOut().get(1).getYValue().longValue());

        hear(ApiEvents.TUNNEL, offline("t1-aaaaaaaa", "s1", 1400, 3000));
        assertEquals("offline", t.whereProperty().get());
        assertFalse(t.onlineElsewhere());
        assertEquals(0, t.openConnectionsProperty().get());
        assertEquals(1400, t.bytesInProperty().get());
        assertEquals(0, sockets.sockets().get(0).onlineProperty().get());
    }

    @Test
    void aTunnelThisAppRunsIsOnlineHereAndKeepsItsOwnCounters() throws Exception {
        hear(ApiEvents.SOCKET, socket("s1", offline("t1-aaaaaaaa", "s1", 0, 0)));
        TunnelModel t = sockets.tunnel("t1-aaaaaaaa").orElseThrow();
        t.switched(true);
        t.status(AgentStatus.CONNECTING, "127.0.0.1:7000");
        t.status(AgentStatus.ONLINE, "http://s1.localhost/");
        hear(ApiEvents.TUNNEL, online("t1-aaaaaaaa", "s1", "this-machine", 0, 0));
        assertEquals("online here", t.whereProperty().get());
        assertFalse(t.onlineElsewhere());
        t.sample(1, 10, 20, 1);
        hear(ApiEvents.TRAFFIC, traffic("t1-aaaaaaaa", "s1", 999, 999, 9));
        assertEquals(10, t.bytesInProperty().get(), "the server's samples do not touch this app's counters");
        assertEquals(1, t.openConnectionsProperty().get());
        assertEquals(1, t.rateIn().size());

        // Replaced: this app's agent stops, and the server names the one that took over.
        t.status(AgentStatus.ERROR, "replaced by another agent from desk (192.0.2.9, since 14:05 UTC)");
        hear(ApiEvents.TUNNEL, online("t1-aaaaaaaa", "s1", "desk", 0, 0));
        assertTrue(t.whereProperty().get().startsWith("online via another agent (desk, since "),
                t.whereProperty().get());
    }
}

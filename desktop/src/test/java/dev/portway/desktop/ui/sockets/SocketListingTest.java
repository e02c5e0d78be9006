// The listing of the user's sockets: a refresh's list with this machine's local ports, events applied on top, models
// kept across merges (a chart survives), a deleted tunnel never brought back by a late word of its link, a socket's
// access kept when one of its tunnels changes.
package dev.portway.desktop.ui.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.Settings;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SocketListingTest {
    final AtomicLong clock = new AtomicLong(7);
    final SocketListing listing = new SocketListing(clock::get, () -> "http://127.0.0.1:7070");

    static SocketInfo socket(String id, TunnelInfo... tunnels) {
        return new SocketInfo(id, "web " + id, id + ".localhost", "http", "http://" + id + ".localhost", null, null,
                false, null, List.of(), "2026-11-27T10:00:00Z", List.of(tunnels));
    }

    static TunnelInfo tunnel(String id, String socketId, String status) {
        return new TunnelInfo(id, socketId, status, null, 0, 0, 0, "2026-11-27T10:00:00Z", null, "laptop", null, null);
    }

    static ServerEvent event(String name, Object data) throws JsonProcessingException {
        return new ServerEvent(name, Json.mapper().writeValueAsString(data));
    }

    @Test
    void aRefreshListsTheServersSocketsWithThisMachinesLocalPorts() {
        listing.replace(List.of(socket("s1", tunnel("t1", "s1", "offline")), socket("s2")),
                List.of(new Settings.SavedTunnel("s1", "t1", "127.0.0.1", 5173, false)));
        assertEquals(List.of("s1", "s2"), listing.sockets().stream().map(SocketModel::socketId).toList());
        TunnelModel t1 = listing.tunnel("t1").orElseThrow();
        assertEquals(5173, t1.portProperty().get());
        assertEquals("127.0.0.1", t1.hostProperty().get());
        assertEquals(List.of(t1), listing.tunnels());
        assertEquals(List.of(t1), listing.socket("s1").orElseThrow().tunnels());
    }

    @Test
    void eventsChangeTheListAndKeepEachModel() throws Exception {
        listing.replace(List.of(socket("s1", tunnel("t1", "s1", "offline"))), List.of());
        TunnelModel t1 = listing.tunnel("t1").orElseThrow();
        SocketModel s1 = listing.socket("s1").orElseThrow();

        assertTrue(listing.apply(event(ApiEvents.TUNNEL, tunnel("t1", "s1", "online"))));
        assertSame(t1, listing.tunnel("t1").orElseThrow(), "its chart and counters stay");
        assertSame(s1, listing.socket("s1").orElseThrow());
        assertTrue(t1.onlineAtServerProperty().get());
        assertEquals(1, listing.changes());

        assertTrue(listing.apply(event(ApiEvents.TUNNEL, tunnel("t2", "s1", "offline"))));
        assertEquals(List.of("t1", "t2"), listing.tunnels().stream().map(TunnelModel::tunnelId).toList());
        assertTrue(listing.apply(event(ApiEvents.TUNNEL_DELETED, new ApiEvents.Deleted("s1", "t2"))));
        assertTrue(listing.apply(event(ApiEvents.TUNNEL, tunnel("t2", "s1", "offline"))));
        assertTrue(listing.tunnel("t2").isEmpty(), "a link's last word after the delete does not bring it back");

        assertTrue(listing.apply(event(ApiEvents.SOCKET_DELETED, new ApiEvents.Deleted("s1", null))));
        assertTrue(listing.sockets().isEmpty());
        assertTrue(listing.tunnel("t1").isEmpty());
        assertEquals(5, listing.changes());
    }

    @Test
    void aTunnelsEventKeepsItsSocketsAccess() throws Exception {
        SocketInfo team = new SocketInfo("s1", "team", "s1.localhost", "https", "https://s1.localhost", null, null,
                false, null, List.of("10.0.0.0/8"), "2026-11-27T10:00:00Z", List.of(), List.of(), null,
                List.of("ann@example.org"), List.of("example.com"));
        listing.replace(List.of(team), List.of());
        assertTrue(listing.apply(event(ApiEvents.TUNNEL, tunnel("t1", "s1", "online"))));
        assertEquals(Visitors.of(team), listing.socket("s1").orElseThrow().visitorsProperty().get());
    }

    /** A tunnel's event rebuilds its socket's record: a udp socket keeps its udp_port, so its try line too. */
    @Test
    void aTunnelsEventKeepsItsUdpSocketsPort() throws Exception {
        SocketInfo dns = new SocketInfo("s1", "dns", "s1.localhost", "udp", "udp://s1.localhost:20053", null,
                "s1.localhost:20053", false, null, List.of(), "2026-11-27T10:00:00Z", List.of(), List.of(), null,
                List.of(), List.of(), 20053);
        listing.replace(List.of(dns), List.of());
        assertEquals("nc -u 127.0.0.1 20053", listing.socket("s1").orElseThrow().hintProperty().get());
        assertTrue(listing.apply(event(ApiEvents.TUNNEL, tunnel("t1", "s1", "online"))));
        SocketModel s1 = listing.socket("s1").orElseThrow();
        assertEquals("s1.localhost:20053", s1.endpointProperty().get());
        assertEquals("nc -u 127.0.0.1 20053", s1.hintProperty().get());
    }

    @Test
    void aSavedHostHeaderReachesTheTunnel() {
        listing.replace(List.of(socket("s1", tunnel("t1", "s1", "offline"))),
                List.of(new Settings.SavedTunnel("s1", "t1", "localhost", 5173, false, "rewrite")));
        assertEquals("rewrite", listing.tunnel("t1").orElseThrow().hostHeaderProperty().get());
    }

    @Test
    void trafficAndUnreadableEventsChangeNothingListed() throws Exception {
        listing.replace(List.of(socket("s1", tunnel("t1", "s1", "online"))), List.of());
        TunnelModel t1 = listing.tunnel("t1").orElseThrow();
        assertFalse(listing.apply(event(ApiEvents.TRAFFIC, new ApiEvents.Traffic(List.of(
                new ApiEvents.Sample("t1", "s1", 300, 900, 2))))));
        assertEquals(300, t1.bytesInProperty().get());
        assertEquals(2, t1.openConnectionsProperty().get());
        assertEquals(7L, t1.rateIn().get(0).getXValue().longValue(), "on the chart's clock");
        assertFalse(listing.apply(new ServerEvent(ApiEvents.TUNNEL, "{not json")));
        assertFalse(listing.apply(new ServerEvent("ready", "{}")));
        assertEquals(0, listing.changes());
    }

    @Test
    void aSignOutClearsIt() {
        listing.replace(List.of(socket("s1", tunnel("t1", "s1", "offline"))), List.of());
        listing.clear();
        assertTrue(listing.sockets().isEmpty());
        assertTrue(listing.tunnels().isEmpty());
        assertTrue(listing.tunnel("t1").isEmpty());
    }
}

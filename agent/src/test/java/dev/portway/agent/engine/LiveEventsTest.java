// GET /api/v1/events against a real server and agents: what a user's app hears, and only that user's; a tunnel
// taken over by another agent tells the one it replaced so, and that one stops; an agent the admin kicks is told so,
// and dials again.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveEventsTest {
    @TempDir
    Path dir;

    /** Follows a user's events on a daemon thread until the test ends. */
    private static List<ServerEvent> follow(ApiClient api) {
        List<ServerEvent> seen = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                api.events(e -> {
                    seen.add(e);
                    return true;
                });
            } catch (ApiException e) {
                seen.add(new ServerEvent("ended", e.getMessage()));
            }
        });
        t.setDaemon(true);
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> e.name().equals("ready")));
        return seen;
    }

    private static boolean tunnelEvent(List<ServerEvent> seen, String tunnelId, String status) {
        return seen.stream().filter(e -> e.name().equals(ApiEvents.TUNNEL)).map(e -> e.data(TunnelInfo.class))
                .anyMatch(t -> t.tunnelId().equals(tunnelId) && t.status().equals(status));
    }

    @Test
    void aUserHearsTheirSocketsAndTunnelsComeGoAndCarryTraffic() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            List<ServerEvent> mine = follow(h.api);
            ApiClient stranger = h.newUser("stranger@example.com");
            List<ServerEvent> theirs = follow(stranger);

            SocketInfo socket = h.api.createSocket("watched", "http");
            TunnelInfo tunnel = h.api.createTunnel(socket.socketId());
            await().atMost(Duration.ofSeconds(10)).until(() -> tunnelEvent(mine, tunnel.tunnelId(), "offline"));
            assertTrue(mine.stream().anyMatch(e -> e.name().equals(ApiEvents.SOCKET)
                    && e.data(SocketInfo.class).socketId().equals(socket.socketId())));

            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = h.connectAndAwaitOnline(new Harness.Tunnel(socket, tunnel), origin.port(),
                    events)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> tunnelEvent(mine, tunnel.tunnelId(), "online"));
                TunnelInfo online = mine.stream().filter(e -> e.name().equals(ApiEvents.TUNNEL))
                        .map(e -> e.data(TunnelInfo.class)).filter(t -> t.status().equals("online")).findFirst()
                        .orElseThrow();
                assertEquals("127.0.0.1", online.agentAddress());
                assertEquals(MachineName.get(), online.agentHost());
                assertEquals("127.0.0.1:" + origin.port(), online.localTarget(), "the event says where it relays");
                try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(socket, "/hello")).build())
                        .execute()) {
                    assertEquals("hello world", r.body().string());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> mine.stream()
                        .filter(e -> e.name().equals(ApiEvents.TRAFFIC))
                        .flatMap(e -> e.data(ApiEvents.Traffic.class).tunnels().stream())
                        .anyMatch(s -> s.tunnelId().equals(tunnel.tunnelId()) && s.bytesOut() > 0));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.stream().filter(e -> e.name().equals("tunnel"))
                    .map(e -> e.data(TunnelInfo.class)).reduce((a, b) -> b)
                    .map(t -> t.status().equals("offline")).orElse(false));

            h.api.deleteTunnel(socket.socketId(), tunnel.tunnelId());
            h.api.deleteSocket(socket.socketId());
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.stream()
                    .anyMatch(e -> e.name().equals(ApiEvents.SOCKET_DELETED)));
            assertTrue(mine.stream().anyMatch(e -> e.name().equals(ApiEvents.TUNNEL_DELETED)
                    && e.data(ApiEvents.Deleted.class).tunnelId().equals(tunnel.tunnelId())));
            assertEquals(List.of("ready"), theirs.stream().map(ServerEvent::name).distinct().toList(),
                    "another user hears nothing of it");
        }
    }

    @Test
    void withoutATokenTheStreamIsRefused() throws Exception {
        try (Harness h = Harness.start(dir)) {
            ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                    () -> new ApiClient(h.server.config().apiUrl(), null).events(x -> true));
            assertEquals(401, e.status());
            assertEquals("unauthorized", e.code());
        }
    }

    @Test
    void theAgentATunnelWasTakenFromIsToldAtOnceAndStops() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            RecordingListener first = new RecordingListener();
            RecordingListener second = new RecordingListener();
            try (TunnelAgent a = h.connectAndAwaitOnline(t, origin.port(), first);
                 TunnelAgent b = h.connectAndAwaitOnline(t, origin.port(), second)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> first.status == AgentStatus.ERROR);
                assertEquals("replaced by another agent: the tunnel's credential was renewed from 127.0.0.1",
                        first.detail);
                // Told at once, on the link it held: no retry as if the server were restarting.
                assertEquals(List.of(AgentStatus.CONNECTING, AgentStatus.ONLINE, AgentStatus.ERROR), first.statuses,
                        first.details.toString());
                assertEquals(AgentStatus.ONLINE, second.status);
            }
        }
    }

    @Test
    void anAgentTheAdminKicksIsToldSoAndConnectsAgain() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent a = h.connectAndAwaitOnline(t, origin.port(), events)) {
                Request kick = new Request.Builder()
                        .url(h.server.config().apiUrl() + "/api/v1/admin/agents/" + t.tunnel().tunnelId())
                        .header("Authorization", "Bearer " + h.token).delete().build();
                try (Response r = new OkHttpClient().newCall(kick).execute()) {
                    assertEquals(204, r.code(), r.body().string());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> events.statuses.size() >= 5
                        && events.status == AgentStatus.ONLINE);
                assertEquals(List.of(AgentStatus.CONNECTING, AgentStatus.ONLINE, AgentStatus.RETRYING,
                        AgentStatus.CONNECTING, AgentStatus.ONLINE), events.statuses, events.details.toString());
                String retrying = events.details.get(2);
                assertTrue(retrying.startsWith("retrying in ") && retrying.endsWith(
                        " (disconnected by the server's admin)"), retrying);
                try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), "/hello")).build())
                        .execute()) {
                    assertEquals("hello world", r.body().string(), "the kicked agent serves the tunnel again");
                }
            }
        }
    }
}

// A link whose path breaks without a close (a NAT or firewall that drops state, a cable pulled): an in-JVM relay
// stops forwarding but keeps both sockets open. The heartbeats must find the link dead on both ends.
package dev.portway.agent.reliability;

import static dev.portway.agent.reliability.Rig.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.Origin;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class HalfOpenLinkTest {
    /** The link's dead-after time is 15 s; the scheduler may add a little. */
    private static final long NOTICE_WITHIN = Duration.ofMillis(15_500).toNanos();

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    private record Status(long nanos, AgentStatus status, String detail) {
    }

    @Test
    void bothEndsNoticeAHalfOpenLink() throws Exception {
        row.expect("half-open link",
                "a relay between agent and server stops forwarding but keeps both sockets open: the agent and the"
                        + " server each close the link within 15 s (+0.5 s); when the relay forwards again the agent is"
                        + " back online and serves");
        try (Rig rig = new Rig(dir, "half-open"); Origin origin = new Origin();
             Relay relay = new Relay(rig.server.tunnelPort)) {
            Rig.Tunnel t = rig.create("http");
            ServerInfo info = rig.api.serverInfo();
            TunnelInfo fresh = rig.api.newCredential(t.socket().socketId(), t.tunnelId());
            List<Status> statuses = new CopyOnWriteArrayList<>();
            AgentListener listener = new AgentListener() {
                @Override
                public void onStatus(AgentStatus status, String detail) {
                    statuses.add(new Status(System.nanoTime(), status, detail));
                }
            };
            try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", relay.port(),
                    info.tunnelFingerprint(), t.tunnelId(), fresh.credential()),
                    new LocalTarget("127.0.0.1", origin.port()), listener)) {
                agent.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> !statuses.isEmpty()
                        && statuses.get(statuses.size() - 1).status() == AgentStatus.ONLINE);
                assertEquals(200, rig.status(t, "/hello"), "served through the relay");
                int mark = statuses.size();
                int serverMark = rig.server.child.lines.size();

                long t0 = System.nanoTime();
                relay.stall();
                await().atMost(Duration.ofSeconds(40)).until(() -> statuses.subList(mark, statuses.size()).stream()
                        .anyMatch(s -> s.status() != AgentStatus.ONLINE));
                Status left = statuses.subList(mark, statuses.size()).stream()
                        .filter(s -> s.status() != AgentStatus.ONLINE).findFirst().orElseThrow();
                Child.Line serverSaw = rig.server.child.awaitLine(serverMark, l -> l.contains("silent too long"),
                        Duration.ofSeconds(40));
                long agentNotice = left.nanos() - t0;
                long serverNotice = serverSaw.nanos() - t0;
                boolean socketsHeld = relay.stalledPairsOpen();
                await().atMost(Duration.ofSeconds(10)).until(() -> TunnelInfo.OFFLINE.equals(
                        rig.api.tunnel(t.socket().socketId(), t.tunnelId()).status()));
                int whileBroken = rig.status(t, "/hello");

                int pairsBefore = relay.forwarded();
                long t1 = System.nanoTime();
                relay.resume();
                await().atMost(Duration.ofSeconds(40)).until(() -> statuses.get(statuses.size() - 1).status()
                        == AgentStatus.ONLINE && relay.forwarded() > pairsBefore);
                long back = System.nanoTime() - t1;
                int after = rig.status(t, "/hello");
                row.seen("agent closed the link %s after the stall (%s: %s), server %s after it (\"%s\");"
                                + " relay sockets still open: %s; a visitor meanwhile got %d; agent online again %s"
                                + " after the relay resumed, request %d", ms(agentNotice), left.status(),
                        left.detail(), ms(serverNotice), serverSaw.text().replaceAll("^.*INFO ", ""), socketsHeld,
                        whileBroken, ms(back), after);
                assertTrue(socketsHeld, "the relay kept both sockets open: a half-open link, not a closed one");
                assertTrue(agentNotice <= NOTICE_WITHIN, "the agent noticed within 15 s");
                assertTrue(serverNotice <= NOTICE_WITHIN, "the server noticed within 15 s");
                assertEquals(502, whileBroken, "with the link gone, visitors are told no tunnel is online");
                assertEquals(200, after);
            }
        }
    }
}

// The server goes away and comes back: five SIGTERM-and-start cycles in a row on the same data dir and ports, and an
// agent that was started before the server ever ran.
package dev.portway.agent.reliability;

import static dev.portway.agent.reliability.Rig.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class RestartTest {
    private static final long BACK_WITHIN = Duration.ofSeconds(35).toNanos();

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    @Test
    void fiveServerRestartsInARow() throws Exception {
        row.expect("5 server restarts in a row",
                "after each SIGTERM (exit code 0) and start on the same data dir and ports, the same agent process is"
                        + " online again within 35 s of the start and a request through the socket's name succeeds");
        try (Rig rig = new Rig(dir, "restarts"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            assertEquals(200, rig.status(t, "/hello"));
            List<String> backs = new ArrayList<>();
            List<String> starts = new ArrayList<>();
            int ok = 0;
            for (int i = 1; i <= 5; i++) {
                int mark = agent.lines.size();
                rig.server.child.sigterm();
                int code = rig.server.child.awaitExit(Duration.ofSeconds(60));
                assertEquals(0, code, "restart " + i + ": the server exits cleanly on SIGTERM");
                long restart = System.nanoTime();
                Duration startup = rig.server.start();
                Child.Line online = Rig.awaitOnline(agent, mark, Duration.ofSeconds(60));
                long back = online.nanos() - restart;
                int status = rig.status(t, "/hello");
                backs.add(ms(back));
                starts.add(ms(startup.toNanos()));
                assertTrue(back < BACK_WITHIN, "restart " + i + ": back within 35 s, took " + ms(back));
                assertEquals(200, status, "restart " + i + ": a request succeeds (" + rig.lastError + ")");
                ok++;
            }
            row.seen("%d/5 restarts: exit 0, agent online again %s after each start (server ready after %s), a request"
                    + " answered 200 after each", ok, String.join(", ", backs), String.join(", ", starts));
            assertTrue(agent.alive(), "the same agent process throughout");
        }
    }

    @Test
    void agentStartedBeforeServer() throws Exception {
        row.expect("agent started before the server",
                "while the server is down the agent retries (it does not exit); it is online within 35 s of the server"
                        + " starting, and a request succeeds");
        try (Rig rig = new Rig(dir, "agent-first"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            rig.server.child.sigterm();
            assertEquals(0, rig.server.child.awaitExit(Duration.ofSeconds(60)));
            long t0 = System.nanoTime();
            Child agent = rig.agent(t, origin.port());
            // Three retries (0.5 + 1 + 2 s of backoff) show it waits for the server rather than failing.
            for (int i = 0; i < 3; i++) {
                int from = i == 0 ? 0 : agent.lines.indexOf(agent.lines.stream()
                        .filter(l -> l.text().startsWith("retrying")).skip(i - 1).findFirst().orElseThrow()) + 1;
                agent.awaitLine(from, l -> l.startsWith("retrying"), Duration.ofSeconds(60));
            }
            long waited = System.nanoTime() - t0;
            assertTrue(agent.alive(), "the agent waits for the server");
            long start = System.nanoTime();
            Duration startup = rig.server.start();
            Child.Line online = Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            long back = online.nanos() - start;
            int status = rig.status(t, "/hello");
            row.seen("agent retried %d times over %s before the server started (\"%s\"); server ready in %s; agent"
                            + " online %s after the start; request %d", agent.count(l -> l.startsWith("retrying")),
                    ms(waited), agent.lines.stream().filter(l -> l.text().startsWith("retrying")).findFirst()
                            .orElseThrow().text(), ms(startup.toNanos()), ms(back), status);
            assertTrue(back < BACK_WITHIN, "online within 35 s");
            assertEquals(200, status);
        }
    }
}

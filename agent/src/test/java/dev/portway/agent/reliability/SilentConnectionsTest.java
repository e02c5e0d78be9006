// 20,000 connections that send nothing, from 100 loopback addresses, against the HTTP edge with its default caps.
package dev.portway.agent.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class SilentConnectionsTest {
    private static final int PER_PROCESS = 10_000;
    private static final int PER_ADDRESS = 200;
    private static final int CAP = 10_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    @Test
    void twentyThousandSilentConnections() throws Exception {
        row.expect("20,000 silent connections",
                "from 100 addresses, with the default caps (10,000 at once, 256 per address, 10 s header timeout):"
                        + " the server holds at most 10,000 and refuses the rest at once, closes every held one by the"
                        + " header timeout (under 15 s), its open files stay under its limit (at most the cap + 1,000"
                        + " refused ones on their way out), and then a visitor is served");
        try (Rig rig = new Rig(dir, "silent"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            assertEquals(200, rig.status(t, "/hello"));
            long base = rig.server.fds();
            long limit = rig.server.fdLimit();
            int logMark = rig.server.child.lines.size();
            AtomicLong peak = new AtomicLong(base);
            java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(rig.server.fds(), Math::max), 0, 50,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            String port = Integer.toString(rig.server.httpPort);
            List<Child> floods = List.of(
                    Child.java("flood-a", SilentFlood.class, Map.of(), List.of("-Xmx256m"), "127.0.1.", port,
                            "" + PER_PROCESS, "" + PER_ADDRESS, "30"),
                    Child.java("flood-b", SilentFlood.class, Map.of(), List.of("-Xmx256m"), "127.0.2.", port,
                            "" + PER_PROCESS, "" + PER_ADDRESS, "30"));
            try {
                for (Child f : floods) {
                    assertEquals(0, f.awaitExit(Duration.ofSeconds(180)), "flood said:\n" + f.tail(20));
                }
            } finally {
                floods.forEach(Child::close);
                sampler.shutdownNow();
                sampler.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            Map<String, Long> a = LoopbackFlood.result(floods.get(0));
            Map<String, Long> b = LoopbackFlood.result(floods.get(1));
            long opened = a.get("opened") + b.get("opened");
            long refused = a.get("refused") + b.get("refused");
            long timedOut = a.get("timedOut") + b.get("timedOut");
            long open = a.get("open") + b.get("open");
            long answered = a.get("answered") + b.get("answered");
            long maxLife = Math.max(a.get("maxLifeMs"), b.get("maxLifeMs"));
            long minLate = Math.min(a.get("minTimedOutMs") == 0 ? Long.MAX_VALUE : a.get("minTimedOutMs"),
                    b.get("minTimedOutMs") == 0 ? Long.MAX_VALUE : b.get("minTimedOutMs"));
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.server.fds() <= base + 50);
            long after = rig.server.fds();
            int status = rig.status(t, "/hello");
            int logLines = rig.server.child.lines.size() - logMark;
            boolean alive = rig.server.child.alive();
            row.seen("opened %d (in %d and %d ms); refused at once (closed < 2 s): %d; held then closed by the header"
                            + " timeout: %d (after %.1f-%.1f s); still open: %d; answered with bytes: %d; server open"
                            + " files %d before, peak %d, %d after (limit %d); %d log lines; visitor afterwards: %d",
                    opened, a.get("openMs"), b.get("openMs"), refused, timedOut, minLate / 1000.0, maxLife / 1000.0,
                    open, answered, base, peak.get(), after, limit, logLines, status);
            assertEquals(2L * PER_PROCESS, opened, "every connection was accepted by the kernel");
            assertEquals(0, open, "none left open");
            assertTrue(timedOut <= CAP && timedOut > 0, "at most the cap held");
            assertEquals(opened, refused + timedOut);
            assertTrue(maxLife < 15_000, "held ones closed by the header timeout");
            assertTrue(peak.get() < limit && peak.get() - base <= CAP + 1000, "open files bounded by the cap (plus"
                    + " refused ones on their way out)");
            assertTrue(alive, "the server is up");
            assertTrue(logLines <= 20, "logging stays bounded: " + logLines + " lines");
            assertEquals(200, status);
        }
    }
}

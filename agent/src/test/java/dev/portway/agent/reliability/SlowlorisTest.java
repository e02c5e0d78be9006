// Slowloris with the real tool: slowhttptest holds 1,000 connections that send their request head a little at a
// time, while a normal visitor keeps asking for a page.
package dev.portway.agent.reliability;

import dev.portway.agent.engine.Pace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class SlowlorisTest {
    private static final int CONNECTIONS = 1000;
    private static final int RATE = 200;
    private static final int HEADER_TIMEOUT = 10;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    @Test
    void slowHeadsAreClosedAndVisitorsServed() throws Exception {
        row.expect("Slowloris (slowhttptest)",
                "slowhttptest -c 1000 -H -i 10 -r 200 -x 24 -p 3 against the HTTP edge (per-address cap raised to 2000"
                        + " so all get in): the connections are held, the server closes every one by the 10 s"
                        + " header timeout (slowhttptest ends with none open by second 5 of opening + 10 + 5), and"
                        + " every request of a normal visitor during the attack is answered 200");
        try (Rig rig = new Rig(dir, "slowloris", "--max-connections-per-ip", "2000",
                "--header-timeout", "" + HEADER_TIMEOUT); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            Path out = dir.resolve("slowloris");
            Child sht = Child.start("slowhttptest", Map.of(), List.of("slowhttptest", "-c", "" + CONNECTIONS, "-H",
                    "-i", "10", "-r", "" + RATE, "-t", "GET", "-u", "http://127.0.0.1:" + rig.server.httpPort + "/",
                    "-x", "24", "-p", "3", "-l", "90", "-g", "-o", out.toString()));
            long t0 = System.nanoTime();
            OkHttpClient prober = rig.visitor.newBuilder().callTimeout(5, TimeUnit.SECONDS).build();
            AtomicInteger probes = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            AtomicLong slowest = new AtomicLong();
            try {
                Pace pace = new Pace(1, Duration.ofMillis(500)); // two probes a second
                while (sht.alive() && System.nanoTime() - t0 < Duration.ofSeconds(150).toNanos()) {
                    pace.take(1);
                    long p0 = System.nanoTime();
                    probes.incrementAndGet();
                    try (Response r = prober.newCall(new Request.Builder().url(rig.url(t, "/hello"))
                            .header("Connection", "close").build()).execute()) {
                        if (r.code() == 200 && r.body().string().equals("hello world")) {
                            answered.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        // counted as not answered
                    }
                    long took = System.nanoTime() - p0;
                    slowest.accumulateAndGet(took, Math::max);
                }
                pace.close();
                assertEquals(0, sht.awaitExit(Duration.ofSeconds(30)), sht.tail(20));
            } finally {
                sht.close();
            }
            long maxConnected = 0;
            List<String> csv = Files.readAllLines(Path.of(out + ".csv"));
            for (String line : csv.subList(1, csv.size())) {
                maxConnected = Math.max(maxConnected, Long.parseLong(line.split(",")[3].trim()));
            }
            List<String> said = sht.lines.stream().map(l -> l.text().replaceAll("\u001B\\[[;\\d]*m", "").trim())
                    .toList();
            String exit = said.stream().filter(l -> l.startsWith("Exit status:")).findFirst()
                    .orElse("Exit status: ?").replace("Exit status:", "").trim();
            long endedOn = said.stream().filter(l -> l.matches("Test ended on \\d+[a-z]* second"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElse(-1L);
            String lastClosed = said.stream().filter(l -> l.startsWith("closed:")).reduce((a, b) -> b)
                    .orElse("closed: ?").replaceAll("\\s+", " ");
            row.seen("slowhttptest held up to %d connections at once; it ended on second %d with \"%s\" (its last"
                            + " status: %s); visitor answered %d/%d, slowest %.0f ms", maxConnected, endedOn, exit,
                    lastClosed, answered.get(), probes.get(), slowest.get() / 1e6);
            assertTrue(maxConnected >= CONNECTIONS * 9 / 10, "the slow connections did get in");
            long bound = CONNECTIONS / RATE + HEADER_TIMEOUT + 5;
            assertEquals("No open connections left", exit, "the server closed them all");
            assertTrue(endedOn >= 0 && endedOn <= bound, "all closed by second " + bound);
            assertTrue(probes.get() >= 10, "the visitor asked throughout");
            assertEquals(probes.get(), answered.get(), "every visitor request answered");
        }
    }
}

// kill -9 in the middle of a transfer, of the agent and of the server: the visitor's transfer is cut (an error,
// never a short body that looks complete), and service comes back: a new agent, or the same agent once the server
// runs again on its data directory and ports.
package dev.portway.agent.reliability;

import static dev.portway.agent.reliability.Rig.MIB;
import static dev.portway.agent.reliability.Rig.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class KillTest {
    private static final long TOTAL = 1024 * MIB;
    private static final long CUT_WITHIN = Duration.ofSeconds(5).toNanos();

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    /** How a download in flight ended after the kill: bytes read, how long after the kill, and how. */
    private record Cut(long bytes, long nanosAfterKill, String how, boolean error) {
    }

    private interface Kill {
        void run() throws Exception;
    }

    /** Starts a 1 GiB download, reads 16 MiB of it, kills, and reads on until the download ends. */
    private static Cut downloadAndKill(Rig rig, Rig.Tunnel t, Kill kill) throws Exception {
        Response r = rig.visitor.newCall(new Request.Builder().url(rig.url(t, "/bytes/" + TOTAL)).build()).execute();
        try (r; InputStream in = r.body().byteStream()) {
            assertEquals(200, r.code());
            long got = in.readNBytes((int) (16 * MIB)).length;
            assertEquals(16 * MIB, got, "the download is under way");
            long t0 = System.nanoTime();
            kill.run();
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got += n;
                }
                return new Cut(got, System.nanoTime() - t0, "ended without an error", false);
            } catch (IOException e) {
                return new Cut(got, System.nanoTime() - t0, e.getClass().getSimpleName() + " (" + e.getMessage()
                        + ")", true);
            }
        }
    }

    @Test
    void agentKilledMidTransfer() throws Exception {
        row.expect("kill -9 of the agent mid-transfer",
                "the visitor's 1 GiB download is cut with an error (not a short body that looks complete) within 5 s;"
                        + " a new agent serves the next download byte-exact");
        try (Rig rig = new Rig(dir, "kill-agent"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            Cut cut = downloadAndKill(rig, t, agent::kill9);
            row.seen("download cut after %d of 1024 MiB, %s after the kill: %s", cut.bytes() / MIB,
                    ms(cut.nanosAfterKill()), cut.how());
            assertTrue(cut.error() && cut.bytes() < TOTAL, "the visitor sees the transfer cut: " + cut);
            assertTrue(cut.nanosAfterKill() < CUT_WITHIN, "cut within 5 s: " + cut);

            long t1 = System.nanoTime();
            Child next = rig.agent(t, origin.port());
            Child.Line online = Rig.awaitOnline(next, 0, Duration.ofSeconds(60));
            String sum = rig.download(t, 64 * MIB);
            row.seen("new agent online %s after it started; next 64 MiB download sha256 %s…, %s",
                    ms(online.nanos() - t1), sum.substring(0, 12),
                    sum.equals(Rig.expectedDownload(64 * MIB)) ? "equal" : "DIFFERENT");
            assertEquals(Rig.expectedDownload(64 * MIB), sum);
        }
    }

    @Test
    void serverKilledMidTransfer() throws Exception {
        row.expect("kill -9 of the server mid-transfer",
                "the visitor's download is cut with an error within 5 s; the agent keeps retrying and is online within"
                        + " 35 s of the server starting again on the same data dir and ports; the socket's name "
                        + "serves a download byte-exact");
        try (Rig rig = new Rig(dir, "kill-server"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            int mark = agent.lines.size();
            Cut cut = downloadAndKill(rig, t, rig.server.child::kill9);
            row.seen("download cut after %d of 1024 MiB, %s after the kill: %s", cut.bytes() / MIB,
                    ms(cut.nanosAfterKill()), cut.how());
            assertTrue(cut.error() && cut.bytes() < TOTAL, "the visitor sees the transfer cut: " + cut);
            assertTrue(cut.nanosAfterKill() < CUT_WITHIN, "cut within 5 s: " + cut);
            agent.awaitLine(mark, l -> l.startsWith("retrying"), Duration.ofSeconds(20));

            long restart = System.nanoTime();
            Duration startup = rig.server.start();
            Child.Line online = Rig.awaitOnline(agent, mark, Duration.ofSeconds(60));
            long back = online.nanos() - restart;
            String sum = rig.download(t, 64 * MIB);
            row.seen("server started again, ready in %s; agent online %s after the start (%d retries meanwhile); 64 MiB"
                            + " from %s sha256 %s…, %s", ms(startup.toNanos()), ms(back),
                    agent.lines.subList(mark, agent.lines.size()).stream().filter(l -> l.text().startsWith("retrying"))
                            .count(), t.socket().dnsName(), sum.substring(0, 12),
                    sum.equals(Rig.expectedDownload(64 * MIB)) ? "equal" : "DIFFERENT");
            assertTrue(back < Duration.ofSeconds(35).toNanos(), "back within 35 s");
            assertEquals(Rig.expectedDownload(64 * MIB), sum);
            assertTrue(agent.alive(), "the agent never gave up");
        }
    }
}

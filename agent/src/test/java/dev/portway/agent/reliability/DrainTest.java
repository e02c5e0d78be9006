// SIGTERM while a download is in flight: the server takes no new visitors, lets the download finish intact, and
// exits once it has.
package dev.portway.agent.reliability;

import dev.portway.agent.engine.Pace;

import static dev.portway.agent.reliability.Rig.MIB;
import static dev.portway.agent.reliability.Rig.ms;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import dev.portway.agent.engine.PatternStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class DrainTest {
    private static final long SIZE = 256 * MIB;
    /** The visitor reads at about this pace, so the download is still flowing for several seconds after SIGTERM. */
    private static final long BYTES_PER_SECOND = 40 * MIB;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    @Test
    void sigtermLetsTheDownloadInFlightFinish() throws Exception {
        row.expect("SIGTERM drain with a download in flight",
                "new visitors are refused at once; the 256 MiB download in flight completes checksum-equal while the"
                        + " server waits; the server exits with code 0 within 5 s after the download ends");
        try (Rig rig = new Rig(dir, "drain", "--drain-timeout", "120"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            Child server = rig.server.child;
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Response r = rig.visitor.newCall(new Request.Builder().url(rig.url(t, "/bytes/" + SIZE)).build())
                    .execute();
            try (r; InputStream in = r.body().byteStream()) {
                assertEquals(200, r.code());
                byte[] first = in.readNBytes((int) (8 * MIB));
                md.update(first);
                long got = first.length;
                int mark = server.lines.size();
                long t0 = System.nanoTime();
                server.sigterm();
                Child.Line stopping = server.awaitLine(mark, l -> l.startsWith("stopping:"), Duration.ofSeconds(20));
                int httpPort = rig.server.httpPort;
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    try (Socket s = new Socket("127.0.0.1", httpPort)) {
                        return false;
                    } catch (ConnectException e) {
                        return true;
                    }
                });
                long refusedAfter = System.nanoTime() - t0;
                boolean aliveWhileFlowing = true;
                byte[] buf = new byte[64 * 1024];
                long paceBase = got;
                Pace pace = Pace.bytes(BYTES_PER_SECOND);
                int n;
                String cut = null;
                while (true) {
                    try {
                        n = in.read(buf);
                    } catch (java.io.IOException e) {
                        cut = e.getClass().getSimpleName() + " (" + e.getMessage() + ")";
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    md.update(buf, 0, n);
                    got += n;
                    if (got - paceBase > 64 * MIB && got - paceBase < 64 * MIB + buf.length) {
                        aliveWhileFlowing = server.alive();
                    }
                    pace.takeBytes(n);
                }
                pace.close();
                long done = System.nanoTime();
                String sum = HexFormat.of().formatHex(md.digest());
                int code = server.awaitExit(Duration.ofSeconds(60));
                long exited = System.nanoTime();
                boolean equal = sum.equals(PatternStream.sha256(SIZE, 42)) && got == SIZE;
                row.seen("\"stopping\" printed %s after SIGTERM; new connections refused after %s; server still running"
                                + " mid-download: %s; download %s after %d of %d bytes, %s, ended %s after SIGTERM;"
                                + " server exited %s after the download (code %d)", ms(stopping.nanos() - t0),
                        ms(refusedAfter), aliveWhileFlowing, cut == null ? "ended" : "CUT by " + cut, got, SIZE,
                        equal ? "checksum-equal" : "NOT checksum-equal", ms(done - t0), ms(exited - done), code);
                assertTrue(aliveWhileFlowing, "the server waits for the download");
                assertTrue(equal, "the whole download, byte-exact");
                assertEquals(0, code);
                assertTrue(exited - done < Duration.ofSeconds(5).toNanos(), "exits soon after the download");
            }
        }
    }
}

// The attack run's case: one signed-up user asks for 18,000 live-event streams from 4 loopback addresses, against
// the API with its default caps, while a visitor downloads through the edge; then the flood leaves and the server
// is stopped with SIGTERM.
package dev.portway.agent.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class EventStreamFloodTest {
    private static final int PER_PROCESS = 9_000;
    private static final int PER_ADDRESS = 4_500;
    private static final long DOWNLOAD = 64 * Rig.MIB;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    @Test
    void eighteenThousandEventStreamsFromOneUser() throws Exception {
        row.expect("18,000 event streams from one user",
                "from 4 addresses, default caps (10 streams per user, 100 API connections per address): 10 admitted,"
                        + " the rest 429 or closed at once; server threads stay bounded; an edge download keeps at"
                        + " least a third of its speed; the API answers others meanwhile; once the flood leaves a"
                        + " new stream is admitted within 5 s; SIGTERM stops the server within 10 s");
        try (Rig rig = new Rig(dir, "apiflood"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            double before = downloadRate(rig, t);
            long baseThreads = threads(rig);
            AtomicLong peakThreads = new AtomicLong(baseThreads);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peakThreads.accumulateAndGet(threads(rig), Math::max), 0, 100,
                    TimeUnit.MILLISECONDS);
            String port = Integer.toString(rig.server.apiPort);
            List<Child> floods = List.of(
                    Child.java("streams-a", StreamFlood.class, Map.of(), List.of("-Xmx256m"), "127.0.6.", port,
                            "" + PER_PROCESS, "" + PER_ADDRESS, "20", rig.token),
                    Child.java("streams-b", StreamFlood.class, Map.of(), List.of("-Xmx256m"), "127.0.7.", port,
                            "" + PER_PROCESS, "" + PER_ADDRESS, "20", rig.token));
            double during;
            long healthNanos;
            try {
                for (Child f : floods) {
                    f.awaitLine(0, l -> l.startsWith("opened "), Duration.ofSeconds(120));
                }
                during = downloadRate(rig, t);
                long t0 = System.nanoTime();
                try (Response r = rig.visitor.newCall(new Request.Builder().url(rig.server.apiUrl() + "/healthz")
                        .build()).execute()) {
                    assertEquals(200, r.code(), "the API answers another client");
                }
                healthNanos = System.nanoTime() - t0;
                for (Child f : floods) {
                    assertEquals(0, f.awaitExit(Duration.ofSeconds(120)), "flood said:\n" + f.tail(20));
                }
            } finally {
                floods.forEach(Child::close);
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            Map<String, Long> a = LoopbackFlood.result(floods.get(0));
            Map<String, Long> b = LoopbackFlood.result(floods.get(1));
            long admitted = a.get("admitted") + b.get("admitted");
            long refused = a.get("refused") + b.get("refused");
            long closed = a.get("closed") + b.get("closed");
            long unanswered = a.get("unanswered") + b.get("unanswered") + a.get("other") + b.get("other");
            long opened = a.get("opened") + b.get("opened");
            long t0 = System.nanoTime();
            Socket stream = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> openStream(rig), s -> s != null);
            long readmittedNanos = System.nanoTime() - t0;
            Child server = rig.server.child;
            t0 = System.nanoTime();
            server.sigterm();
            int exit = server.awaitExit(Duration.ofSeconds(20));
            long stopNanos = System.nanoTime() - t0;
            stream.close();
            row.seen("opened %d (%d connect failures); admitted %d, 429 %d, closed at once %d, unanswered %d;"
                            + " server threads %d before, peak %d; edge download %.0f MB/s before, %.0f MB/s during;"
                            + " API answered another client in %s during; a new stream admitted %s after the flood"
                            + " left; SIGTERM stopped the server in %s (exit %d)",
                    opened, a.get("connectFailed") + b.get("connectFailed"), admitted, refused, closed, unanswered,
                    baseThreads, peakThreads.get(), before, during, Rig.ms(healthNanos), Rig.ms(readmittedNanos),
                    Rig.ms(stopNanos), exit);
            assertEquals(2L * PER_PROCESS, opened, "every connection was made");
            assertEquals(10, admitted, "the account's 10 streams");
            assertEquals(opened, admitted + refused + closed, "every other one refused at once");
            assertTrue(peakThreads.get() - baseThreads < 100, "threads bounded");
            assertTrue(during >= before / 3, "the edge keeps its speed");
            assertEquals(0, exit);
            assertTrue(stopNanos < TimeUnit.SECONDS.toNanos(10), "SIGTERM stops the server promptly");
        }
    }

    /** MB/s of a download through the edge. */
    private static double downloadRate(Rig rig, Rig.Tunnel t) throws IOException {
        long t0 = System.nanoTime();
        assertEquals(Rig.expectedDownload(DOWNLOAD), rig.download(t, DOWNLOAD));
        return DOWNLOAD / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** An event stream of the rig's user from a fresh address, once admitted (its ready event read); else null. */
    private static Socket openStream(Rig rig) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress("127.0.8.1", 0));
        s.connect(new InetSocketAddress("127.0.0.1", rig.server.apiPort), 3_000);
        s.setSoTimeout(3_000);
        s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + rig.token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        if (!String.valueOf(in.readLine()).startsWith("HTTP/1.1 200")) {
            s.close();
            return null;
        }
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            if (l.equals("event: ready")) {
                s.setSoTimeout(20_000);
                return s;
            }
        }
        s.close();
        return null;
    }

    /** Threads of the server process, from /proc. */
    private static long threads(Rig rig) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(rig.server.child.pid()), "status"))) {
                if (l.startsWith("Threads:")) {
                    return Long.parseLong(l.substring(8).strip());
                }
            }
        } catch (IOException e) {
            // the process has ended
        }
        return 0;
    }
}

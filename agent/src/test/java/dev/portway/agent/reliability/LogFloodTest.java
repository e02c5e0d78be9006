// Refusals anyone can cause by the thousand, flooded from many loopback addresses: a ClientHello without SNI, one
// with an unknown name, garbage and plain HTTP on the HTTPS port, wrong tunnel credentials on the tunnel port. The
// server's log keeps a few lines per kind, each counting the refusals it stands for, and the server goes on serving.
package dev.portway.agent.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import dev.portway.server.edge.ClientHellos;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class LogFloodTest {
    /** The flood stops once every HTTPS kind logged its counted line, or after this long. */
    private static final Duration AT_MOST = Duration.ofSeconds(40);
    /** Source addresses per kind, 127.N.0.1 on: the unknown-name and wrong-credential limits are per address. */
    private static final int ADDRESSES = 10_000;
    /** Each address may ask for this many unknown names a minute; then every name is refused (a counted line says). */
    private static final int UNKNOWN_PER_ADDRESS = dev.portway.server.security.Limits.UNKNOWN_NAMES_PER_ADDRESS;
    private static final Pattern MORE = Pattern.compile("\\(and (\\d+) more like it since the last such line\\)");

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    /** A kind of HTTPS-port refusal: its log line's words and the bytes that cause it. */
    private record Kind(String name, String logged, int subnet, byte[] bytes, long cap) {
    }

    @Test
    void floodedRefusalsLogAFewCountedLinesPerKind() throws Exception {
        row.expect("log flood: HTTPS-port and tunnel-port refusals",
                "no SNI, an unknown SNI, garbage and plain HTTP on the HTTPS port and wrong tunnel credentials,"
                        + " each from up to 10,000 loopback addresses in turn, until every HTTPS kind logged a counted"
                        + " line (10 s period) or 40 s: at most 5 lines per HTTPS kind, one counting the refusals it"
                        + " stands for; at most 2 lines per refusal code on the tunnel port (1 min period); at most"
                        + " 40 lines in all; the server up and serving");
        try (Rig rig = new Rig(dir, "logflood"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Rig.awaitOnline(rig.agent(t, origin.port()), 0, Duration.ofSeconds(60));
            int mark = rig.server.child.lines.size();
            List<Kind> kinds = List.of(
                    new Kind("no SNI", "no SNI name in the ClientHello", 11, ClientHellos.of(null), 1_000_000),
                    new Kind("unknown SNI", "unknown SNI name", 12, ClientHellos.of("nobody.localhost"),
                            ADDRESSES * (UNKNOWN_PER_ADDRESS - 10L)),
                    new Kind("garbage", "not a TLS handshake", 13, new byte[64], 1_000_000),
                    new Kind("plain HTTP", "plain HTTP", 14,
                            "GET / HTTP/1.1\r\nHost: x.localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                            1_000_000));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(kinds.size() + 1);
            Map<String, Future<Long>> sent = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            for (Kind k : kinds) {
                sent.put(k.name(), pool.submit(() -> flood(rig.server.httpsPort, k, stop)));
            }
            Future<Long> credentials = pool.submit(() -> wrongCredentials(rig, t, stop));
            try {
                await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200))
                        .until(() -> kinds.stream().allMatch(k -> counted(rig, mark, k) > 0));
            } catch (ConditionTimeoutException e) {
                // the assertions below say which kind never logged a counted line
            } finally {
                stop.set(true);
                pool.shutdown();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the flood stops");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> logged = since(rig, mark);
            int status = rig.status(t, "/hello");
            List<String> figures = new ArrayList<>();
            for (Kind k : kinds) {
                long lines = logged.stream().filter(l -> l.contains("https port: closed") && l.contains(k.logged()))
                        .count();
                figures.add(String.format(java.util.Locale.ROOT, "%s: %d sent, %d lines, counted %d", k.name(),
                        sent.get(k.name()).get(), lines, counted(rig, mark, k)));
            }
            long refusedLines = logged.stream().filter(l -> l.contains("link from") && l.contains(" refused: "))
                    .count();
            long tooMany = logged.stream().filter(l -> l.contains("link from") && l.contains("too many refused"))
                    .count();
            row.seen("%.1f s; %s; wrong tunnel credentials: %d sent, %d lines (%d of them too_many_attempts);"
                            + " %d log lines in all; server up: %s; visitor afterwards: %d", seconds,
                    String.join("; ", figures), credentials.get(), refusedLines, tooMany, logged.size(),
                    rig.server.child.alive(), status);
            for (Kind k : kinds) {
                long lines = logged.stream().filter(l -> l.contains("https port: closed") && l.contains(k.logged()))
                        .count();
                assertTrue(lines >= 1 && lines <= 5, k.name() + ": " + lines + " lines");
                assertTrue(counted(rig, mark, k) > 0, k.name() + ": a line counts the refusals it stands for");
            }
            assertTrue(credentials.get() > 4 * 20, "enough wrong credentials to be refused by both codes");
            assertTrue(refusedLines - tooMany <= 2 && tooMany <= 2, "tunnel refusals: " + refusedLines + " lines");
            assertTrue(logged.size() <= 40, logged.size() + " lines:\n" + String.join("\n", logged));
            assertTrue(rig.server.child.alive(), "the server is up");
            assertEquals(200, status);
        }
    }

    /** The largest count a line of this kind carried since mark; 0 while none carried one. */
    private static long counted(Rig rig, int mark, Kind k) {
        long most = 0;
        for (String l : since(rig, mark)) {
            if (l.contains("https port: closed") && l.contains(k.logged())) {
                Matcher m = MORE.matcher(l);
                if (m.find()) {
                    most = Math.max(most, Long.parseLong(m.group(1)));
                }
            }
        }
        return most;
    }

    /** The server's output lines from index mark on. */
    private static List<String> since(Rig rig, int mark) {
        List<Child.Line> all = List.copyOf(rig.server.child.lines);
        return all.subList(mark, all.size()).stream().map(Child.Line::text).toList();
    }

    private static InetAddress address(int subnet, long n) throws IOException {
        long i = n % ADDRESSES;
        return InetAddress.getByName("127." + subnet + "." + (i / 250) + "." + (1 + i % 250));
    }

    /** Connects from the kind's addresses in turn, sends its bytes, reads until the server closes; how many. */
    private static long flood(int port, Kind k, AtomicBoolean stop) throws IOException {
        long n = 0;
        byte[] sink = new byte[4096];
        while (!stop.get() && n < k.cap()) {
            InetAddress from = address(k.subnet(), n);
            try (Socket s = new Socket()) {
                s.setSoTimeout(10_000);
                s.bind(new InetSocketAddress(from, 0));
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                s.getOutputStream().write(k.bytes());
                InputStream in = s.getInputStream();
                while (in.read(sink) >= 0) {
                    // until the server closes
                }
            } catch (IOException e) {
                // reset by the server on close: that refusal counts too
            }
            n++;
        }
        return n;
    }

    /** TLS to the tunnel port and a hello with a wrong credential, from many addresses in turn; how many. */
    private static long wrongCredentials(Rig rig, Rig.Tunnel t, AtomicBoolean stop) throws Exception {
        SSLContext tls = HostileLink.trustingAnyCertificate();
        long n = 0;
        byte[] sink = new byte[4096];
        while (!stop.get() && n < 5_000) {
            InetAddress from = address(15, n % 4); // four addresses: past 20 each, too_many_attempts too
            try (Socket raw = new Socket()) {
                raw.setSoTimeout(10_000);
                raw.bind(new InetSocketAddress(from, 0));
                raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), rig.server.tunnelPort), 5_000);
                try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1",
                        rig.server.tunnelPort, true)) {
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write(HostileLink.hello(t.tunnelId(), "pwc_wrong" + n));
                    out.flush();
                    InputStream in = s.getInputStream();
                    while (in.read(sink) >= 0) {
                        // the refusal, then the close
                    }
                }
            } catch (IOException e) {
                // closed without a close_notify: refused all the same
            }
            n++;
        }
        return n;
    }
}

// The HTTPS port's refusals: a refused ClientHello closes the connection with one log line, and a flood of them
// makes one line per kind and period, which counts the refusals it stands for.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.reliability.AttackCase;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SniRouterTest {
    /** An alert record whose header Netty rejects as no SSL/TLS record at all. */
    private static final byte[] ALERT_GARBAGE = {0x15, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f};

    @Test
    void aClientHelloWithoutSniIsClosedWithOneLogLine() throws Exception {
        assertEquals(List.of("no SNI name in the ClientHello"), refusals(ClientHellos.of(null)));
    }

    @Test
    void anUnknownNameIsClosedWithOneLogLine() throws Exception {
        assertEquals(List.of("unknown SNI name nobody.localhost"), refusals(ClientHellos.of("nobody.localhost")));
    }

    @Test
    void aTcpSocketsNameIsClosedWithOneLogLine() throws Exception {
        SocketCatalog catalog = new SocketCatalog();
        catalog.put(SocketRecord.open("s1", "u1", "ssh", "ssh-box.localhost", "tcp", 20001, "now"));
        assertEquals(List.of("ssh-box.localhost is a tcp socket"),
                refusals(catalog, ClientHellos.of("ssh-box.localhost")));
    }

    @Test
    void plainHttpOnTheHttpsPortIsNamedAsSuch() throws Exception {
        assertEquals(List.of("plain HTTP (or another plain-text protocol) on the HTTPS port"),
                refusals(ascii("GET / HTTP/1.1\r\nHost: x.localhost\r\n\r\n")));
    }

    @Test
    void garbageIsNoTlsHandshakeRatherThanAHelloWithoutSni() throws Exception {
        assertEquals(List.of("not a TLS handshake (first byte 0x00)"), refusals(new byte[64]));
        List<String> alert = refusals(ALERT_GARBAGE);
        assertEquals(1, alert.size(), alert.toString());
        assertTrue(alert.get(0).startsWith("bad ClientHello ("), alert.toString());
    }

    @Test
    @AttackCase(value = "log flood: HTTPS-port refusals",
            expected = "500 each of no SNI, unknown SNI, plain HTTP, garbage, a tcp socket's name: one line per kind"
                    + " and period, the next saying how many it stood for")
    void aFloodOfEachKindLogsOneLinePerPeriodWithItsCount() throws Exception {
        SocketCatalog catalog = new SocketCatalog();
        catalog.put(SocketRecord.open("s1", "u1", "ssh", "ssh-box.localhost", "tcp", 20001, "now"));
        Map<String, byte[]> kinds = new TreeMap<>(Map.of(
                "no SNI", ClientHellos.of(null),
                "unknown SNI", ClientHellos.of("nobody.localhost"),
                "tcp name", ClientHellos.of("ssh-box.localhost"),
                "plain HTTP", ascii("GET / HTTP/1.1\r\n\r\n"),
                "garbage", new byte[64]));
        AtomicLong now = new AtomicLong();
        Duration period = Duration.ofSeconds(10);
        HttpsRefusals log = new HttpsRefusals(period, now::get);
        int each = 500;
        List<byte[]> flood = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            flood.addAll(kinds.values());
        }
        List<String> first = refusals(catalog, log, flood);
        assertEquals(kinds.size(), first.size(), "one line per kind for " + flood.size() + " refusals: " + first);
        assertTrue(first.stream().noneMatch(l -> l.contains(" more like it")), first.toString());

        now.addAndGet(period.toNanos());
        List<String> next = refusals(catalog, log, List.copyOf(kinds.values()));
        assertEquals(kinds.size(), next.size(), next.toString());
        for (String line : next) {
            assertTrue(line.endsWith(" (and " + (each - 1) + " more like it since the last such line)"), line);
        }
    }

    /**
     * An address past the unknown-name limit is refused every name, a socket's too (a user who polled their custom
     * domain before it was verified): one line says why, where there was only a debug line before.
     */
    @Test
    void anAddressShutOutForUnknownNamesIsToldInTheLog() throws Exception {
        SocketCatalog catalog = new SocketCatalog();
        catalog.put(SocketRecord.open("s1", "u1", "web", "web.localhost", "http", null, "now"));
        FailureLimiter names = new FailureLimiter(2, Duration.ofMinutes(1), Clock.systemUTC());
        List<String> lines = refusals(catalog, new HttpsRefusals(), names, List.of(ClientHellos.of("a.example.org"),
                ClientHellos.of("b.example.org"), ClientHellos.of("web.localhost")));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("unknown SNI name a.example.org", lines.get(0), "the second is counted in the next line");
        assertTrue(lines.get(1).matches("too many names that are no socket asked from this address; every name "
                + "refused for another (60|59) s"), lines.get(1));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> refusals(byte[] hello) {
        return refusals(new SocketCatalog(), hello);
    }

    private static List<String> refusals(SocketCatalog catalog, byte[] hello) {
        return refusals(catalog, new HttpsRefusals(), List.of(hello));
    }

    /** Feeds each one's bytes to a router of its own; the reasons they logged for closing, one per line. */
    private static List<String> refusals(SocketCatalog catalog, HttpsRefusals log, List<byte[]> hellos) {
        return refusals(catalog, log, new FailureLimiter(100_000, Duration.ofMinutes(1), Clock.systemUTC()), hellos);
    }

    private static List<String> refusals(SocketCatalog catalog, HttpsRefusals log, FailureLimiter names,
                                         List<byte[]> hellos) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (byte[] hello : hellos) {
                EmbeddedChannel ch = new EmbeddedChannel(new SniRouter(catalog, null, names, log, null, (ctx, name) -> {
                    throw new AssertionError("must not terminate TLS for a refused name");
                }));
                ch.writeInbound(Unpooled.wrappedBuffer(hello));
                ch.finishAndReleaseAll();
                assertFalse(ch.isOpen());
            }
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("https port: closed"))
                .map(l -> l.substring(l.indexOf(": ", l.indexOf("closed")) + 2)).toList();
    }
}

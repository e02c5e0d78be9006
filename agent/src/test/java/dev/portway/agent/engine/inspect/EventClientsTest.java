// A client of /api/events that stops reading: the inspector neither buffers the events it misses without bound nor
// loses them silently; once the client reads again it is told to resync (read the list again), then follows on.
package dev.portway.agent.engine.inspect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventClientsTest {
    private static final int FLOOD = 20_000;

    private static Exchange exchange(long id, String path) {
        return new Exchange(id, Instant.EPOCH, Exchange.State.DONE, "GET", path, "HTTP/1.1", List.of(), null, 200,
                "OK", List.of(), null, 1, null, 0, 0);
    }

    @Test
    @Timeout(60)
    void aClientThatDoesNotReadSkipsEventsThenIsToldToResync() throws Exception {
        ExchangeLog log = new ExchangeLog();
        try (InspectServer server = InspectServer.start(log, 0); Socket s = new Socket()) {
            // Small enough that the flood backs up, not below loopback's 64 KB segment: a window that small stalls
            // TCP itself (zero-window probes backing off for seconds), which no resync can help.
            s.setReceiveBufferSize(256 * 1024);
            s.setSoTimeout(20_000); // no resync would otherwise block the read for ever
            s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()));
            s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + server.address().getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            readUntil(in, read, ": following the exchanges");

            // ~25 MB of events while the client reads nothing: far more than the sockets' buffers hold.
            String path = "/" + "a".repeat(1200);
            for (long id = 1; id <= FLOOD; id++) {
                log.put(exchange(id, path + "?n=" + id));
            }
            read.reset();
            readUntil(in, read, "event: resync");
            String missed = read.toString(StandardCharsets.UTF_8);
            long delivered = missed.split("event: exchange", -1).length - 1;
            assertTrue(delivered < FLOOD / 2, "a client that does not read skips events, got " + delivered);

            // Once it keeps up, events reach it again. The first put may still find the socket backed up by what
            // was sent after that resync (then it is skipped and another resync follows), so one is put per poll.
            read.reset();
            long[] next = {FLOOD};
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                log.put(exchange(++next[0], "/after-the-resync"));
                while (in.available() > 0) {
                    read.write(in.readNBytes(in.available()));
                }
                return read.toString(StandardCharsets.ISO_8859_1).contains("/after-the-resync");
            });
        }
    }

    /** Reads until text arrives, searching only what is new (the stream runs to megabytes before the resync). */
    private static void readUntil(InputStream in, ByteArrayOutputStream read, String text) throws Exception {
        byte[] buf = new byte[65536];
        StringBuilder seen = new StringBuilder(read.toString(StandardCharsets.ISO_8859_1));
        int from = 0;
        while (seen.indexOf(text, from) < 0) {
            from = Math.max(0, seen.length() - text.length());
            int n = in.read(buf);
            assertTrue(n > 0, "the stream ended before " + text);
            read.write(buf, 0, n);
            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
    }
}

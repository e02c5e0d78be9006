// Only a WebSocket upgrade turns a visitor's connection into raw bytes, and only when the origin's answer to that
// very request is a 101: any other upgrade (h2c) reaches the origin as plain HTTP/1.1, and a 101 that answers an
// earlier pipelined request leaves the edge reading (and checking) every later request.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UpgradeOnlyWebSocketTest extends RawOriginTunnelFixture {
    /** Every byte the origin received, live. */
    final StringBuffer seen = new StringBuffer();

    UpgradeOnlyWebSocketTest() {
        super("upgrade-origin");
    }

    /**
     * An origin as eager as can be: it switches to h2c whenever asked (then reads raw bytes), answers /odd with a
     * 101 although nobody asked, refuses a WebSocket with 403, and answers anything else 200.
     */
    @Override
    void answer(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            StringBuilder pending = new StringBuilder();
            byte[] buf = new byte[8192];
            boolean raw = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                String chunk = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                seen.append(chunk);
                if (raw) {
                    continue;
                }
                pending.append(chunk);
                int end;
                while (!raw && (end = pending.indexOf("\r\n\r\n")) >= 0) {
                    String head = pending.substring(0, end).toLowerCase(Locale.ROOT);
                    pending.delete(0, end + 4);
                    String answer;
                    if (head.contains("\r\nupgrade: h2c")) {
                        raw = true;
                        answer = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
                    } else if (head.startsWith("get /odd ")) {
                        answer = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                + "Upgrade: websocket\r\n\r\n";
                    } else if (head.contains("\r\nupgrade: websocket")) {
                        answer = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
                    } else {
                        answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the edge closed the connection: what came is in seen
        }
    }

    /** Reads the visitor's connection until it holds this many status lines (or 10 s pass). */
    private static String readAnswers(InputStream in, int count) throws Exception {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got.toString().split("HTTP/1\\.1 ", -1).length - 1 < count && System.nanoTime() < end) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return got.toString();
    }

    @Test
    void anH2cUpgradeReachesTheOriginAsPlainHttp() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /up HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\nConnection: Upgrade, HTTP2-Settings, "
                    + "keep-alive\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String first = readAnswers(s.getInputStream(), 1);
            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            out.write(("GET /next HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\nConnection: Keep-Alive\r\nAccept: */*"
                    + "\r\nX-Portway-Email: forged@evil.example\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String second = readAnswers(s.getInputStream(), 1);
            assertTrue(second.startsWith("HTTP/1.1 200 "), second);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.indexOf("GET /next ") >= 0);
        String got = seen.toString().toLowerCase(Locale.ROOT);
        assertFalse(got.contains("upgrade"), "no upgrade reaches the origin: " + seen);
        assertFalse(got.contains("http2-settings"), seen.toString());
        assertTrue(got.contains("\r\nconnection: keep-alive\r\n"), "other Connection tokens stay: " + seen);
        assertFalse(got.contains("forged"), "later requests are still checked: " + seen);
        assertTrue(seen.indexOf("\r\nConnection: Keep-Alive\r\nAccept: */*\r\n") >= 0,
                "a request that asks no upgrade keeps its Connection header as sent: " + seen);
    }

    @Test
    void aWebSocketUpgradeIsDecidedByItsOwnAnswerNotAnEarlierOne() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /odd HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\n\r\n"
                    + "GET /ws HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\nConnection: Upgrade\r\nUpgrade: websocket"
                    + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answers = readAnswers(s.getInputStream(), 2);
            assertTrue(answers.contains("HTTP/1.1 403 "), answers);
            out.write(("GET /after HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\nX-Portway-Email: forged@evil.example"
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.indexOf("GET /after ") >= 0);
        }
        assertFalse(seen.toString().contains("forged"), "the request after a refused upgrade is checked: " + seen);
    }
}

// What reaches the origin is what the edge routed: origin-form targets only, one Host, and no malformed body
// passed on as a shorter valid request.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RequestHygieneTest extends RawOriginTunnelFixture {
    /** Everything each origin connection received, in full, once it ended. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** What origin connections received so far, live. */
    final StringBuffer live = new StringBuffer();

    RequestHygieneTest() {
        super("recording-origin");
    }

    /** An origin that answers each request with its request line, and records every byte it was sent. */
    @Override
    void answer(Socket c) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (c) {
            InputStream in = c.getInputStream();
            byte[] buf = new byte[8192];
            boolean answered = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                live.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                String text = all.toString(StandardCharsets.ISO_8859_1);
                if (!answered && text.contains("\r\n\r\n") && !text.contains("chunked")) {
                    answered = true;
                    byte[] body = text.substring(0, text.indexOf("\r\n")).getBytes(StandardCharsets.ISO_8859_1);
                    c.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    c.getOutputStream().write(body);
                    c.shutdownOutput();
                }
            }
        } catch (Exception e) {
            // the edge reset the connection: what came so far is recorded below
        }
        received.add(all.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void absoluteFormTargetsReachTheOriginInOriginForm() throws Exception {
        String name = socket.dnsName();
        String ok = h.sendRaw("GET http://" + name.toUpperCase() + "/a/b?c=d HTTP/1.1\r\nHost: " + name
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200 "), ok);
        assertTrue(ok.endsWith("\r\n\r\nGET /a/b?c=d HTTP/1.1"), ok);
        String bare = h.sendRaw("GET http://" + name + ":80?q=1 HTTP/1.1\r\nHost: " + name
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(bare.endsWith("\r\n\r\nGET /?q=1 HTTP/1.1"), bare);

        String other = h.sendRaw("GET http://secret.internal/ HTTP/1.1\r\nHost: " + name + "\r\n\r\n");
        assertTrue(other.startsWith("HTTP/1.1 400 "), other);
        assertTrue(other.contains("another host"), other);
        String userinfo = h.sendRaw("GET http://user@" + name + "/ HTTP/1.1\r\nHost: " + name + "\r\n\r\n");
        assertTrue(userinfo.startsWith("HTTP/1.1 400 "), userinfo);
        String twoHosts = h.sendRaw("GET / HTTP/1.1\r\nHost: " + name + "\r\nHost: secret.internal\r\n\r\n");
        assertTrue(twoHosts.startsWith("HTTP/1.1 400 "), twoHosts);
        assertTrue(twoHosts.contains("more than one Host"), twoHosts);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertFalse(String.join("", received).contains("secret.internal"), "refused requests never reach the origin");
    }

    @Test
    void aMalformedChunkIsA400AndNeverAValidShorterRequest() throws Exception {
        String answer;
        try (Socket s = new Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: " + socket.dnsName()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // Once the origin is reading the body, the rest of it turns out to be malformed.
            await().atMost(Duration.ofSeconds(10)).until(() -> live.indexOf("hello") >= 0);
            s.getOutputStream().write("zz\r\nmore\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        String got = received.get(0);
        assertTrue(got.startsWith("POST /upload HTTP/1.1\r\n"), got);
        assertFalse(got.contains("\r\n0\r\n\r\n"), "the origin never saw the end of a body: " + got);
        assertEquals(-1, got.indexOf("more"), got);
    }

    @Test
    void oversizedHeadsAndBadHostPortsGetTheirOwnStatus() throws Exception {
        String name = socket.dnsName();
        String longLine = h.sendRaw("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: " + name + "\r\n\r\n");
        assertTrue(longLine.startsWith("HTTP/1.1 414 "), longLine);
        String bigHeaders = h.sendRaw("GET / HTTP/1.1\r\nHost: " + name + "\r\n"
                + ("X-Filler: " + "b".repeat(4000) + "\r\n").repeat(10) + "\r\n");
        assertTrue(bigHeaders.startsWith("HTTP/1.1 431 "), bigHeaders);
        String badPort = h.sendRaw("GET / HTTP/1.1\r\nHost: " + name + ":70000\r\n\r\n");
        assertTrue(badPort.startsWith("HTTP/1.1 400 "), badPort);
        assertEquals(List.of(), received, "none of them reached the origin");
    }

    @Test
    void anAddressThatEnumeratesNamesIsMadeToWait() throws Exception {
        int limit = dev.portway.server.security.Limits.UNKNOWN_NAMES_PER_ADDRESS;
        for (int i = 0; i < limit; i++) {
            String answer = h.sendRaw("GET / HTTP/1.1\r\nHost: guess-" + i + ".localhost\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        }
        String waiting = h.sendRaw("GET / HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\n\r\n");
        assertTrue(waiting.startsWith("HTTP/1.1 429 "), waiting);
        assertTrue(waiting.contains("\r\nRetry-After: "), waiting);
        try (Socket s = new Socket()) {
            s.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", h.server.config().httpPort()));
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /x HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String other = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(other.startsWith("HTTP/1.1 200 "), "other addresses are served: " + other);
        }
    }
}

// Pipelined requests on one visitor connection: a request the edge refuses (no sign-in, another Host) is answered
// in its turn, after the origin's answers to the requests before it, which do reach the origin; the connection
// ends after the refusal, so nothing behind it is forwarded.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.reliability.AttackCase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinedRequestsTest {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @TempDir
    Path dir;
    Harness h;
    RawOrigin origin;
    /** The request lines the origin received, in order, over every connection. */
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<TunnelAgent> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new RawOrigin("keep-alive-origin", this::answerEach);
    }

    @AfterEach
    void stop() throws Exception {
        agents.forEach(TunnelAgent::close);
        origin.close();
        h.close();
    }

    /** A keep-alive origin: answers each request (no bodies) with its request line, in order, on one connection. */
    private void answerEach(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            StringBuilder buffer = new StringBuilder();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buffer.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
                int end;
                while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
                    String line = buffer.substring(0, buffer.indexOf("\r\n"));
                    buffer.delete(0, end + 4);
                    seen.add(line);
                    byte[] body = ("answer to " + line).getBytes(StandardCharsets.ISO_8859_1);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the edge reset the stream: this connection is over
        }
    }

    private SocketInfo online(CreateSocket request) throws Exception {
        SocketInfo socket = h.api.createSocket(request);
        Harness.Tunnel t = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
        agents.add(h.connectAndAwaitOnline(t, origin.port(), new RecordingListener()));
        return socket;
    }

    private String request(String path, String host, String... headers) {
        StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String header : headers) {
            r.append(header).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    /** Writes all the requests in one write; everything that comes back until the edge closes. */
    private String pipeline(String... requests) throws Exception {
        return h.sendRaw(String.join("", requests));
    }

    private static List<String> statuses(String answers) {
        List<String> codes = new ArrayList<>();
        Matcher m = STATUS.matcher(answers);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @AttackCase(value = "pipelined refusal: another Host after valid requests",
            expected = "GET /a, GET /a2, then a request for another Host in one write: 200, 200, then 421, in that " +
                    "order; the origin saw /a and /a2")
    void aRequestForAnotherHostIsRefusedAfterTheAnswersBeforeIt() throws Exception {
        SocketInfo socket = online(new CreateSocket("web", "http", false, null, null, null));
        SocketInfo other = online(new CreateSocket("other", "http", false, null, null, null));
        String answers = pipeline(request("/a", socket.dnsName()), request("/a2", socket.dnsName()),
                request("/b", other.dnsName()), request("/c", socket.dnsName()));
        assertEquals(List.of("200", "200", "421"), statuses(answers), answers);
        int a = answers.indexOf("answer to GET /a HTTP/1.1");
        int a2 = answers.indexOf("answer to GET /a2 HTTP/1.1");
        int refused = answers.indexOf("HTTP/1.1 421 ");
        assertTrue(a >= 0 && a < a2 && a2 < refused, "in order: " + answers);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
        assertEquals(List.of("GET /a HTTP/1.1", "GET /a2 HTTP/1.1"), seen,
                "the origin saw the requests before the refused one, and none after it");
    }

    @Test
    @AttackCase(value = "pipelined refusal: no sign-in after a signed-in request",
            expected = "a signed-in GET then one without credentials in one write: 200 forwarded, then 401")
    void aRequestWithoutSignInIsRefusedAfterTheSignedInOneBeforeIt() throws Exception {
        SocketInfo socket = online(new CreateSocket("guarded", "http", true, "alice", "open sesame", null));
        String answers = pipeline(request("/a", socket.dnsName(), basic("alice", "open sesame")),
                request("/b", socket.dnsName()));
        assertEquals(List.of("200", "401"), statuses(answers), answers);
        assertTrue(answers.indexOf("answer to GET /a HTTP/1.1") < answers.indexOf("HTTP/1.1 401 "), answers);
        assertTrue(answers.contains("WWW-Authenticate: Basic"), answers);
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertEquals(List.of("GET /a HTTP/1.1"), seen);
    }

    @Test
    void aRefusalAfterTheEarlierAnswersWentOutComesAtOnce() throws Exception {
        SocketInfo socket = online(new CreateSocket("web", "http", false, null, null, null));
        try (Socket s = new Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request("/a", socket.dnsName()).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder first = new StringBuilder();
            while (!first.toString().endsWith("answer to GET /a HTTP/1.1")) {
                int b = in.read();
                assertTrue(b >= 0, "the answer to /a: " + first);
                first.append((char) b);
            }
            out.write(request("/b", "nobody.localhost").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(List.of("421"), statuses(rest), rest);
        }
        assertEquals(List.of("GET /a HTTP/1.1"), seen);
    }
}

// Reused origin connections for HTTP sockets, end to end through a real server and agent: an origin that counts its
// connections and can be told how to behave on each one; visitors that send one request each and close.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginPoolTest {
    @TempDir
    Path dir;
    Harness h;
    RawOrigin origin;
    TunnelAgent agent;
    SocketInfo socket;
    final AtomicInteger connections = new AtomicInteger();
    /** Connections the agent (or the origin) ended. */
    final AtomicInteger closed = new AtomicInteger();
    /** Each request line the origin read, with the number of the connection it came on ("1 GET /a HTTP/1.1"). */
    final List<String> seen = new CopyOnWriteArrayList<>();
    /** How the origin answers: (connection number, request number on it, request line) to the answer; null: close. */
    volatile Answer answer = (conn, n, line) -> ok("conn " + conn, "");
    /** Every exchange the agent's tap reported once it ended (as the inspector and the log hear them). */
    final List<String> ended = new CopyOnWriteArrayList<>();

    interface Answer {
        String on(int connection, int request, String requestLine);
    }

    static String ok(String body, String extraHeaders) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n" + extraHeaders + "\r\n" + body;
    }

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new RawOrigin("pooled-origin", this::serve);
    }

    private void connect(Duration idleTimeout) throws Exception {
        Harness.Tunnel tunnel = h.create();
        socket = tunnel.socket();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onExchange(Exchange e) {
                if (e.state() != Exchange.State.PENDING) {
                    ended.add(e.state() + " " + e.method() + " " + e.path());
                }
            }
        };
        agent = TunnelLauncher.launch(h.api, socket.socketId(), tunnel.tunnel().tunnelId(),
                new LocalTarget("127.0.0.1", origin.port()).withOriginIdleTimeout(idleTimeout), listener);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        origin.close();
        h.close();
    }

    /**
     * A keep-alive origin: reads heads (and Content-Length bodies) and answers each as `answer` says; closes after
     * answering a request that asked for it.
     */
    private void serve(Socket c) {
        int conn = connections.incrementAndGet();
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            for (int n = 1; ; n++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String line = head.substring(0, head.indexOf("\r\n"));
                int length = contentLength(head);
                in.readNBytes(length);
                seen.add(conn + " " + line);
                String reply = answer.on(conn, n, line);
                if (reply == null) {
                    return;
                }
                out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (reply.endsWith("\u0000")) { // a cut-off answer: the origin dies after these bytes
                    return;
                }
                if (head.toLowerCase().matches("(?s).*\r\nconnection:[^\r]*close.*")) {
                    return; // as a real origin does: the agent must have left the visitor's close out
                }
            }
        } catch (IOException e) {
            // the far end went away
        } finally {
            closed.incrementAndGet();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String l : head.split("\r\n")) {
            if (l.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(l.substring(15).strip());
            }
        }
        return 0;
    }

    /** One visitor: a new connection to the edge, one request, its whole answer read (or what came), closed. */
    private String visit(String method, String path, String extraHeaders, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", h.server.config().httpPort())) {
            s.setSoTimeout(20_000);
            String req = method + " " + path + " HTTP/1.1\r\nHost: " + socket.dnsName() + "\r\n" + extraHeaders
                    + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n" + body;
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return "";
            }
            byte[] content = in.readNBytes(contentLength(head));
            return head.substring(0, head.indexOf("\r\n")) + " " + new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    private void awaitIdle(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.originPool().idleCount(agent.target()) == n);
    }

    @Test
    void sequentialVisitorsShareOneOriginConnection() throws Exception {
        connect(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/" + i, "", ""));
            awaitIdle(1);
        }
        assertEquals(1, connections.get());
        assertEquals(5, seen.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 5);
        assertEquals(List.of("DONE GET /0", "DONE GET /1", "DONE GET /2", "DONE GET /3", "DONE GET /4"), ended);
    }

    @Test
    void aVisitorsConnectionCloseEndsItsStreamNotTheOriginConnection() throws Exception {
        connect(Duration.ofSeconds(30));
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "Connection: close\r\n", ""));
        awaitIdle(1);
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/b", "", ""));
        assertEquals(1, connections.get());
    }

    @Test
    void aCloseAmongOtherConnectionTokensEndsTheStreamAndKeepsTheOriginConnection() throws Exception {
        connect(Duration.ofSeconds(30));
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "Connection: keep-alive, close\r\n", ""));
        awaitIdle(1);
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/b", "", ""));
        assertEquals(1, connections.get());
    }

    @Test
    void theOriginsConnectionCloseIsHonoured() throws Exception {
        connect(Duration.ofSeconds(30));
        // The origin says close but leaves the socket open: the agent must not keep it anyway.
        answer = (conn, n, line) -> ok("conn " + conn, "Connection: close\r\n");
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() == 1);
        assertEquals("HTTP/1.1 200 OK conn 2", visit("GET", "/b", "", ""));
        assertEquals(0, agent.originPool().idleCount(agent.target()));
    }

    @Test
    void aRequestTheOriginClosedItsIdleConnectionUnderIsSentAgain() throws Exception {
        connect(Duration.ofSeconds(30));
        // Connection 1 serves one request; the next one on it finds the origin gone (as an origin's own idle
        // timeout does it just as the agent reuses the connection). Every other connection answers.
        answer = (conn, n, line) -> conn == 1 && n == 2 ? null : ok("conn " + conn, "");
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "", ""));
        awaitIdle(1);
        assertEquals("HTTP/1.1 200 OK conn 2", visit("POST", "/b", "", "small body"));
        assertEquals(List.of("1 GET /a HTTP/1.1", "1 POST /b HTTP/1.1", "2 POST /b HTTP/1.1"), seen);
        // The tap went along with the request: one exchange, done, not a failed one and a second one.
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 2);
        assertEquals(List.of("DONE GET /a", "DONE POST /b"), ended);
    }

    @Test
    void aPostIsNeverSentAgainOnceAnswerBytesCameBack() throws Exception {
        connect(Duration.ofSeconds(30));
        answer = (conn, n, line) -> conn == 1 && n == 2
                ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ncut\u0000" : ok("conn " + conn, "");
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "", ""));
        awaitIdle(1);
        String cut = visit("POST", "/b", "", "once");
        assertTrue(cut.startsWith("HTTP/1.1 200 OK cut"), cut);
        assertEquals(List.of("1 GET /a HTTP/1.1", "1 POST /b HTTP/1.1"), seen);
        assertEquals(1, connections.get());
    }

    @Test
    void idleConnectionsCloseAfterTheIdleTimeout() throws Exception {
        connect(Duration.ofMillis(300));
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() == 1);
        assertEquals(0, agent.originPool().idleCount(agent.target()));
        assertEquals("HTTP/1.1 200 OK conn 2", visit("GET", "/b", "", ""));
    }

    @Test
    void zeroIdleTimeoutTurnsPoolingOff() throws Exception {
        connect(Duration.ZERO);
        assertEquals("HTTP/1.1 200 OK conn 1", visit("GET", "/a", "", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() == 1);
        assertEquals("HTTP/1.1 200 OK conn 2", visit("GET", "/b", "", ""));
        assertEquals(0, agent.originPool().idleCount(agent.target()));
    }

    @Test
    void anUpgradedConnectionIsNeverKept() throws Exception {
        connect(Duration.ofSeconds(30));
        answer = (conn, n, line) -> line.startsWith("GET /ws ")
                ? "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                : ok("conn " + conn, "");
        assertEquals("HTTP/1.1 101 Switching Protocols ",
                visit("GET", "/ws", "Connection: Upgrade\r\nUpgrade: websocket\r\n", ""));
        // The visitor left: the agent ends the upgraded connection instead of keeping it.
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() == 1);
        assertEquals(0, agent.originPool().idleCount(agent.target()));
        assertEquals("HTTP/1.1 200 OK conn 2", visit("GET", "/b", "", ""));
        assertEquals(2, connections.get());
    }
}

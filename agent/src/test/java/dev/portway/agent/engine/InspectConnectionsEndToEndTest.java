// The inspector's connections end to end (one real server, real agents, real visitors through the edge): a tcp
// connection listed open with its live counts, then closed with the exact bytes, and followed as server-sent events; a
// tls one by SNI on the HTTPS port with the name the visitor sent (none on its dedicated port); a udp flow with its
// datagrams, closed when idle.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.TlsProbe.RecordingTrust;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.json.JsonReader;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectConnectionsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Harness h;
    final HttpClient client = HttpClient.newHttpClient();
    final ConnectionList connections = new ConnectionList();
    final List<AutoCloseable> cleanup = new ArrayList<>();
    InspectServer inspector;

    /** Feeds its tunnel's connections to the list, as the CLI's runner does. */
    final class Feeding extends RecordingListener {
        @Override
        public void onConnectionChange(LiveConnection connection) {
            connections.put(connection);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        h = new Harness(dir.resolve("server"), UdpSockets.config(dir.resolve("server")));
    }

    @AfterAll
    static void stopServer() {
        h.close();
    }

    @BeforeEach
    void startInspector() throws IOException {
        inspector = InspectServer.start(new ExchangeLog(), connections, 0, null);
        cleanup.add(inspector);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private SocketInfo online(String type, int localPort) throws Exception {
        SocketInfo socket = h.api.createSocket("conns-" + type, type); // one server for the class: names differ
        Harness.Tunnel t = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
        cleanup.add(h.connectAndAwaitOnline(t, localPort, new Feeding()));
        return t.socket();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> listed() throws Exception {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                .resolve("/api/connections")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return (List<Map<String, Object>>) ((Map<String, Object>) JsonReader.parse(res.body())).get("connections");
    }

    private Optional<Map<String, Object>> find(String visitor) throws Exception {
        return listed().stream().filter(c -> c.get("visitor").equals(visitor)).findFirst();
    }

    /** The connection of that visitor once it is in that state. */
    private Map<String, Object> awaitListed(String visitor, String state) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> find(visitor),
                c -> c.isPresent() && c.get().get("state").equals(state)).get();
    }

    /** The connection of that visitor once the field has that value. */
    private Map<String, Object> awaitField(String visitor, String field, Object value) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> find(visitor),
                c -> c.isPresent() && value.equals(c.get().get(field))).get();
    }

    /** Lines of /api/events from now on, read on a thread of their own. */
    private List<String> follow() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                .resolve("/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        Thread reader = new Thread(() -> {
            try {
                events.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closed) {
                // The test is over and closed the stream.
            }
        });
        reader.setDaemon(true);
        reader.start();
        cleanup.add(() -> events.body().close());
        return lines;
    }

    @Test
    void aTcpConnectionIsListedOpenWithLiveCountsThenClosedWithItsBytesAndFollowedAsEvents() throws Exception {
        EchoServer echo = new EchoServer();
        cleanup.add(echo);
        SocketInfo socket = online("tcp", echo.port());
        List<String> events = follow();
        byte[] hello = "hello inspector".getBytes(StandardCharsets.UTF_8);
        String visitor;
        try (Socket v = new Socket()) {
            v.connect(new InetSocketAddress("127.0.0.1", socket.tcpPort()), 5_000);
            v.setSoTimeout(10_000);
            visitor = "127.0.0.1:" + v.getLocalPort();
            v.getOutputStream().write(hello);
            assertEquals("hello inspector", new String(v.getInputStream().readNBytes(hello.length),
                    StandardCharsets.UTF_8));
            Map<String, Object> open = awaitListed(visitor, "open");
            assertEquals("tcp", open.get("type"));
            assertEquals(socket.socketId(), open.get("socket_id"));
            assertTrue(open.get("started") instanceof String && open.get("duration_ms") instanceof Long,
                    open.toString());
            assertFalse(open.containsKey("sni"), "a tcp connection has no SNI name: " + open);
            assertFalse(open.containsKey("datagrams_in"), "nor datagrams: " + open);
            // Read while it lasts: the echo came back, so both ways are counted already.
            Map<String, Object> live = awaitField(visitor, "bytes_out", 15L);
            assertEquals("open", live.get("state"));
            assertEquals(15L, live.get("bytes_in"));
            v.shutdownOutput();
            assertEquals(-1, v.getInputStream().read(), "the echo ends after the visitor did");
        }
        Map<String, Object> closed = awaitListed(visitor, "closed");
        assertEquals(15L, closed.get("bytes_in"));
        assertEquals(15L, closed.get("bytes_out"));
        assertFalse(closed.containsKey("failure"), closed.toString());
        assertEquals(1, listed().stream().filter(c -> c.get("visitor").equals(visitor)).count(), "listed once");
        await().atMost(WAIT).until(() -> events.stream().anyMatch(l -> l.startsWith("data: ")
                && l.contains("\"visitor\":\"" + visitor + "\"") && l.contains("\"state\":\"closed\"")));
        assertTrue(events.stream().anyMatch(l -> l.startsWith("data: ")
                && l.contains("\"visitor\":\"" + visitor + "\"") && l.contains("\"state\":\"open\"")),
                events.toString());
        assertTrue(events.contains("event: connection"), events.toString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                .resolve("/api/connections")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertTrue(post.body().contains("\"code\":\"method_not_allowed\""), post.body());
    }

    @Test
    void aTlsConnectionShowsTheSniNameItsVisitorSentAndItsExactBytes() throws Exception {
        TlsOrigin origin = new TlsOrigin();
        cleanup.add(origin::close);
        SocketInfo socket = online("tls", origin.port());
        CountingSocket plain = new CountingSocket();
        plain.connect(new InetSocketAddress("127.0.0.1", h.server.config().httpsPort()), 5_000);
        String visitor = "127.0.0.1:" + plain.getLocalPort();
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{new RecordingTrust()}, null);
        try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true)) {
            s.setSoTimeout(10_000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(socket.dnsName().toUpperCase(java.util.Locale.ROOT))));
            s.setSSLParameters(params);
            s.startHandshake();
            Map<String, Object> open = awaitListed(visitor, "open");
            assertEquals("tls", open.get("type"));
            assertEquals(socket.dnsName(), open.get("sni"), "the name sent, as it routed (lower case)");
            // The origin waits for a line: everything the visitor sent so far has reached it.
            assertEquals("open", awaitField(visitor, "bytes_in", plain.sent.get()).get("state"));
            s.getOutputStream().write("hi over tls\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            assertEquals("tls echo: hi over tls\n", new String(in.readNBytes(22), StandardCharsets.UTF_8));
            assertEquals(-1, in.read(), "the origin closes after its answer");
        }
        Map<String, Object> closed = awaitListed(visitor, "closed");
        assertEquals(plain.sent.get(), closed.get("bytes_in"), closed.toString());
        assertEquals(plain.received.get(), closed.get("bytes_out"), closed.toString());

        // The dedicated port routes by port, not by name: there is none to show.
        try (SSLSocket v = TlsProbe.client(socket.tcpPort(), null, new RecordingTrust())) {
            v.startHandshake();
            Map<String, Object> unnamed = awaitListed("127.0.0.1:" + v.getLocalPort(), "open");
            assertEquals("tls", unnamed.get("type"));
            assertFalse(unnamed.containsKey("sni"), unnamed.toString());
        }
    }

    @Test
    void aUdpFlowIsListedWithItsDatagramsThenClosedWhenIdle() throws Exception {
        UdpEcho echo = new UdpEcho(0);
        cleanup.add(echo);
        SocketInfo socket = UdpSockets.create(h, "flows");
        cleanup.add(UdpSockets.online(h, socket, echo.port(), new Feeding()));
        try (UdpVisitor v = new UdpVisitor("127.0.0.5", socket.udpPort())) {
            for (String word : List.of("one", "two", "three")) {
                assertEquals(word, v.ask(word, WAIT));
            }
            Map<String, Object> open = await().atMost(WAIT).until(() -> listed().stream()
                    .filter(c -> c.get("type").equals("udp") && c.get("state").equals("open")
                            && ((String) c.get("visitor")).startsWith("127.0.0.5:")
                            && c.get("datagrams_out").equals(3L)).findFirst(), Optional::isPresent).get();
            String visitor = (String) open.get("visitor");
            assertEquals(socket.socketId(), open.get("socket_id"));
            assertEquals(3L, open.get("datagrams_in"));
            assertEquals(11L, open.get("bytes_in"));
            Map<String, Object> closed = awaitListed(visitor, "closed"); // the edge ends it after 1 s idle
            assertEquals(3L, closed.get("datagrams_in"));
            assertEquals(3L, closed.get("datagrams_out"));
            assertEquals(11L, closed.get("bytes_in"));
            assertEquals(11L, closed.get("bytes_out"));
            assertTrue((Long) closed.get("duration_ms") >= UdpSockets.IDLE_TIMEOUT.toMillis(), closed.toString());
        }
    }

    /** A visitor's plain socket that counts what its TLS layer sends and receives on the wire. */
    static final class CountingSocket extends Socket {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        private InputStream in;
        private OutputStream out;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            received.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            received.addAndGet(n);
                        }
                        return n;
                    }
                };
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        sent.incrementAndGet();
                        super.out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        sent.addAndGet(len);
                        super.out.write(b, off, len);
                    }
                };
            }
            return out;
        }
    }
}

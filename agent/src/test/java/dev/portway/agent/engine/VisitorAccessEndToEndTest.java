// Who may visit: Basic auth on protected sockets, IP allow lists for HTTP and TCP, HTTPS-only sockets, and
// changes by PATCH that take effect for the next visitor while the tunnel stays connected.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class VisitorAccessEndToEndTest extends OriginTunnelFixture {
    /** A socket of the request's kind with one tunnel connected to the origin. */
    private SocketInfo online(CreateSocket request, int localPort) throws Exception {
        SocketInfo socket = h.api.createSocket(request);
        Harness.Tunnel t = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
        RecordingListener listener = new RecordingListener();
        cleanup.add(h.connectAndAwaitOnline(t, localPort, listener));
        listeners.add(listener);
        return socket;
    }

    private final List<RecordingListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One HTTP/1.1 request from the given local address; the whole answer (head and body) as text. */
    private String get(String from, SocketInfo socket, String path, String... headers) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", h.server.config().httpPort()), 5000);
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + socket.dnsName() + ":"
                    + h.server.config().httpPort() + "\r\nConnection: close\r\n");
            for (String header : headers) {
                req.append(header).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void protectedSocketsAskForBasicAuthAndTheOriginNeverSeesIt() throws Exception {
        SocketInfo socket = online(new CreateSocket("guarded", "http", true, "alice", "open sesame", null),
                origin.port());
        String missing = get("127.0.0.1", socket, "/hello");
        assertTrue(missing.startsWith("HTTP/1.1 401 "), missing);
        assertTrue(missing.contains("WWW-Authenticate: Basic realm=\"" + socket.dnsName() + "\""), missing);
        String wrong = get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("alice", "guess"));
        assertTrue(wrong.startsWith("HTTP/1.1 401 "), wrong);
        String wrongUser = get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("bob", "open sesame"));
        assertTrue(wrongUser.startsWith("HTTP/1.1 401 "), wrongUser);
        String proxyOnly = get("127.0.0.1", socket, "/hello",
                "Proxy-Authorization: Basic " + basic("alice", "open sesame"));
        assertTrue(proxyOnly.startsWith("HTTP/1.1 401 "), "Proxy-Authorization is never consulted: " + proxyOnly);
        String twice = get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("alice", "open sesame"),
                "Authorization: Basic " + basic("alice", "guess"));
        assertTrue(twice.startsWith("HTTP/1.1 401 "), "exactly one Authorization header decides: " + twice);
        for (int i = 0; i < 2; i++) { // the second time the verified header is remembered
            String right = get("127.0.0.1", socket, "/headers",
                    "Authorization: Basic " + basic("alice", "open sesame"));
            assertTrue(right.startsWith("HTTP/1.1 200 "), right);
            assertFalse(right.toLowerCase(java.util.Locale.ROOT).contains("authorization"),
                    "the origin never sees the visitor's credentials: " + right);
        }
    }

    @Test
    void anAddressGuessingVisitorPasswordsIsMadeToWait() throws Exception {
        SocketInfo socket = online(new CreateSocket("guarded", "http", true, "alice", "open sesame", null),
                origin.port());
        for (int i = 0; i < dev.portway.server.security.Limits.VISITOR_AUTH_FAILURES_PER_ADDRESS; i++) {
            String wrong = get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("alice", "guess" + i));
            assertTrue(wrong.startsWith("HTTP/1.1 401 "), wrong);
        }
        String waiting = get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("alice", "open sesame"));
        assertTrue(waiting.startsWith("HTTP/1.1 429 "), waiting);
        assertTrue(waiting.contains("Retry-After: "), waiting);
        assertTrue(get("127.0.0.2", socket, "/hello", "Authorization: Basic " + basic("alice", "open sesame"))
                .startsWith("HTTP/1.1 200 "), "other addresses sign in as usual");
    }

    @Test
    void theAllowListAdmitsListedAddressesOnlyForHttpAndTcp() throws Exception {
        SocketInfo web = online(new CreateSocket("web", "http", null, null, null, List.of("127.0.0.1/32")),
                origin.port());
        assertTrue(get("127.0.0.1", web, "/hello").startsWith("HTTP/1.1 200 "));
        String refused = get("127.0.0.2", web, "/hello");
        assertTrue(refused.startsWith("HTTP/1.1 403 "), refused);
        assertTrue(refused.contains("127.0.0.2"), "the page says which address was refused");

        try (EchoServer echo = new EchoServer()) {
            SocketInfo tcp = online(new CreateSocket("shell", "tcp", null, null, null, List.of("127.0.0.1")),
                    echo.port());
            assertEquals("ping", exchange("127.0.0.1", tcp.tcpPort(), "ping"));
            assertEquals(null, exchange("127.0.0.2", tcp.tcpPort(), "ping"), "a visitor off the list is closed");
        }
    }

    @Test
    void updatesApplyToTheNextVisitorWithoutReconnectingTheTunnel() throws Exception {
        SocketInfo socket = online(new CreateSocket("live", "http"), origin.port());
        String since = h.api.tunnels(socket.socketId()).get(0).connectedSince();
        assertTrue(get("127.0.0.1", socket, "/hello").startsWith("HTTP/1.1 200 "));

        h.api.updateSocket(socket.socketId(), new UpdateSocket(null, true, "carol", "pa55", null));
        assertTrue(get("127.0.0.1", socket, "/hello").startsWith("HTTP/1.1 401 "));
        assertTrue(get("127.0.0.1", socket, "/hello", "Authorization: Basic " + basic("carol", "pa55"))
                .startsWith("HTTP/1.1 200 "));

        h.api.updateSocket(socket.socketId(), new UpdateSocket(null, false, null, null, List.of("127.0.0.2")));
        assertTrue(get("127.0.0.1", socket, "/hello").startsWith("HTTP/1.1 403 "));
        assertTrue(get("127.0.0.2", socket, "/hello").startsWith("HTTP/1.1 200 "));

        h.api.updateSocket(socket.socketId(), new UpdateSocket(null, null, null, null, List.of()));
        assertTrue(get("127.0.0.1", socket, "/hello").startsWith("HTTP/1.1 200 "));

        assertEquals(since, h.api.tunnels(socket.socketId()).get(0).connectedSince(), "the link was never replaced");
        assertEquals(List.of(AgentStatus.CONNECTING, AgentStatus.ONLINE), listeners.get(0).statuses);
    }

    @Test
    void httpsSocketsRedirectPlainHttpAndServeOverHttps() throws Exception {
        SocketInfo socket = online(new CreateSocket("secure", "https"), origin.port());
        int httpsPort = h.server.config().httpsPort();
        assertEquals("https://" + socket.dnsName() + ":" + httpsPort + "/", socket.url());
        String redirect = get("127.0.0.1", socket, "/hello?i=1");
        assertTrue(redirect.startsWith("HTTP/1.1 308 "), redirect);
        assertTrue(redirect.contains("Location: https://" + socket.dnsName() + ":" + httpsPort + "/hello?i=1\r\n"),
                redirect);

        X509TrustManager trust = HttpsAndCurlTest.trusting(dir.resolve("tls/cert.pem"));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[]{trust}, null);
        OkHttpClient client = h.visitor.newBuilder().sslSocketFactory(ssl.getSocketFactory(), trust).build();
        // Following the redirect from plain HTTP ends on the HTTPS content, under the server's certificate.
        try (Response r = client.newCall(new Request.Builder().url(h.url(socket, "/hello?i=tls")).build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("hello tls", r.body().string());
            assertTrue(r.request().url().isHttps());
        }
    }

    /** Sends the text from the given local address and reads the echo; null when the edge closed the connection. */
    private String exchange(String from, int port, String text) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                in.transferTo(got);
            } catch (java.net.SocketException e) {
                return null; // reset by the edge
            }
            return got.size() == 0 ? null : got.toString(StandardCharsets.UTF_8);
        }
    }
}

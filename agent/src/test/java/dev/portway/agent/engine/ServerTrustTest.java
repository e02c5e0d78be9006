// Trust in the API's certificate against real TLS servers: first contact, a change refused, --fingerprint, a CA.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.tls.Handshakes;
import dev.portway.server.tls.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class ServerTrustTest extends ServerTestCase {
    final List<String> asked = new CopyOnWriteArrayList<>();

    private ServerConfig tlsConfig() {
        return TestServers.config(dir.resolve("server")).withApiTls(true);
    }

    private KnownServers known() {
        return new KnownServers(dir.resolve("config/known_servers"));
    }

    private ApiClient client(String expected, boolean accept) {
        return new ApiClient(server.config().apiUrl(), null, new ServerTrust(known(), expected, (s, fp) -> {
            asked.add(s + " " + fp);
            return accept;
        }));
    }

    @Test
    void firstContactShowsTheFingerprintOnceAndAChangeIsRefusedLoudly() throws Exception {
        server = servers.start(tlsConfig());
        String first = server.fingerprint();
        assertEquals(first, client(null, true).serverInfo().tunnelFingerprint());
        assertEquals(List.of(server.config().apiUrl() + " " + first), asked);
        Path file = known().file();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("127.0.0.1:" + server.config().apiPort() + " " + first, Files.readString(file).strip());

        client(null, true).serverInfo();
        assertEquals(1, asked.size(), "a kept certificate is not asked about again");

        server = servers.restartWithNewCertificate();
        String second = server.fingerprint();
        ApiException refused = assertThrows(ApiException.class, () -> client(null, true).serverInfo());
        assertEquals(ApiException.CERTIFICATE_CHANGED, refused.code());
        assertTrue(refused.getMessage().contains("has CHANGED") && refused.getMessage().contains(first)
                && refused.getMessage().contains(second), refused.getMessage());
        assertEquals(1, asked.size(), "a changed certificate is never offered as a first contact");

        ApiException mistyped = assertThrows(ApiException.class, () -> client(first, true).serverInfo());
        assertTrue(mistyped.getMessage().contains("--fingerprint"), mistyped.getMessage());

        client("SHA256:" + second.toUpperCase(java.util.Locale.ROOT), false).serverInfo();
        assertEquals("127.0.0.1:" + server.config().apiPort() + " " + second, Files.readString(file).strip());
        client(null, false).serverInfo();
    }

    @Test
    void aDeclinedFirstContactSendsNothingAndKeepsNothing() throws Exception {
        server = servers.start(tlsConfig());
        ApiException e = assertThrows(ApiException.class, () -> client(null, false).signup("x@example.com",
                "password1"));
        assertEquals(ApiException.UNTRUSTED_CERTIFICATE, e.code());
        assertTrue(e.getMessage().contains(server.fingerprint()), e.getMessage());
        assertTrue(Files.notExists(known().file()));
        assertTrue(server.store().findUserByEmail("x@example.com").isEmpty(), "the request never left");
    }

    @Test
    void aCertificateAnAuthorityVouchesForNeedsNoPinButMustNameTheHost() throws Exception {
        TestCa ca = new TestCa("Portway Test CA");
        ServerConfig c = tlsConfig();
        Handshakes.install(c.dataDir().resolve("tls"), ca.issue("127.0.0.1"));
        server = servers.start(c);
        X509TrustManager authorities = ca.trustManager();
        ApiClient client = new ApiClient(server.config().apiUrl(), null,
                new ServerTrust(known(), null, (s, fp) -> asked.add(fp), authorities));
        assertEquals(server.fingerprint(), client.serverInfo().tunnelFingerprint());
        assertEquals(List.of(), asked);
        assertTrue(Files.notExists(known().file()), "nothing to pin when an authority vouches");

        server.close();
        Handshakes.install(c.dataDir().resolve("tls"), ca.issue("elsewhere.example.com"));
        server = servers.start(c);
        ApiClient wrongName = new ApiClient(server.config().apiUrl(), null,
                new ServerTrust(known(), null, (s, fp) -> false, authorities));
        ApiException e = assertThrows(ApiException.class, wrongName::serverInfo);
        assertTrue(e.getMessage().contains("not verified"), e.getMessage());
    }

    @Test
    void aPinnedServerMovingToACaCertificateAndRenewingItKeepsItsClientsWorking() throws Exception {
        server = servers.start(tlsConfig());
        TestCa ca = new TestCa("Trust Test CA");
        String url = "https://localhost:" + server.config().apiPort();
        java.util.function.Supplier<ApiClient> client = () -> new ApiClient(url, null,
                new ServerTrust(known(), null, (s, fp) -> asked.add(fp), trustManager(ca)));
        String tunnel = client.get().serverInfo().tunnelFingerprint();
        assertEquals(List.of(server.apiFingerprint()), asked, "the self-signed API is pinned at first contact");

        // The server gets its domain's certificate from a CA, then renews it (every 60-90 days with ACME).
        for (int i = 0; i < 2; i++) {
            TestCa.Issued issued = ca.issue("localhost");
            server.certificates().put("localhost", issued.chainPem(), issued.keyPem());
            assertEquals(Handshakes.fingerprint(issued.leaf()), server.apiFingerprint());
            assertEquals(tunnel, client.get().serverInfo().tunnelFingerprint());
        }
        assertEquals(1, asked.size(), "a certificate the CA vouches for is never asked about");

        // A certificate nobody vouches for that is not the pinned one is still refused loudly.
        TestCa stranger = new TestCa("Stranger CA");
        TestCa.Issued forged = stranger.issue("localhost");
        server.certificates().put("localhost", forged.chainPem(), forged.keyPem());
        ApiException refused = assertThrows(ApiException.class, () -> client.get().serverInfo());
        assertEquals(ApiException.CERTIFICATE_CHANGED, refused.code());
    }

    private static X509TrustManager trustManager(TestCa ca) {
        try {
            return ca.trustManager();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentFollowsARotationTheApiVouchesFor() throws Exception {
        // The API on loopback: plain HTTP, which this machine trusts, tells the agent the new certificate.
        try (Harness h = Harness.start(dir.resolve("loopback")); Origin origin = new Origin()) {
            Harness.Tunnel t = h.create();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), events)) {
                ServerConfig c = h.server.config();
                h.stopServer();
                TestServers.forgetCertificates(c.dataDir());
                h.startServerAgain(c);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).until(() ->
                        events.details.stream().anyMatch(d -> d.contains("new certificate")
                                && d.contains(h.server.fingerprint())) && events.status == AgentStatus.ONLINE);
                try (okhttp3.Response page = h.visitor.newCall(new okhttp3.Request.Builder()
                        .url(h.url(t.socket(), "/hello")).build()).execute()) {
                    assertEquals("hello world", page.body().string());
                }
            }
        }
    }

    @Test
    void anAgentStopsOnACertificateChangeItCannotVerify() throws Exception {
        server = servers.start(tlsConfig());
        ApiClient anonymous = client(null, true);
        anonymous.signup("agent@example.com", "password1");
        ApiClient api = anonymous.withToken(anonymous.login("agent@example.com", "password1").token());
        var socket = api.createSocket("pinned", "http");
        var tunnel = api.createTunnel(socket.socketId());
        RecordingListener events = new RecordingListener();
        try (Origin origin = new Origin(); TunnelAgent agent = TunnelLauncher.launch(api,
                socket.socketId(), tunnel.tunnelId(), new LocalTarget("127.0.0.1", origin.port()), events)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> events.status == AgentStatus.ONLINE);
            server = servers.restartWithNewCertificate();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40))
                    .until(() -> events.status == AgentStatus.ERROR);
            assertTrue(events.detail.contains("has CHANGED"), events.detail);
        }
    }
}

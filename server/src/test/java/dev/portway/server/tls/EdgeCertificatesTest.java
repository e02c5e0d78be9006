// The HTTPS edge and the API serve each name its certificate (exact, wildcard, then the server's own), follow a new
// one from the next handshake without a restart (also one put in DATA/tls), and the tunnel port keeps its own.
package dev.portway.server.tls;

import static dev.portway.server.ApiCalls.call;
import static dev.portway.server.tls.Handshakes.fingerprint;
import static dev.portway.server.tls.Handshakes.served;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.TestServers;
import dev.portway.server.security.TlsMaterial;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EdgeCertificatesTest {
    @TempDir
    Path dir;
    private final TestCa ca = new TestCa("Serving Test CA");
    private final SSLContext trustsCa = ca.sslContext();
    private final HttpClient http = HttpClient.newHttpClient();
    private PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();

    EdgeCertificatesTest() throws Exception {
    }

    private JsonNode createSocket(String token, String type) throws Exception {
        ApiCalls.Reply r = call(http, server, "POST", "sockets", token, "{\"socket_type\":\"" + type + "\"}");
        assertEquals(201, r.status(), String.valueOf(r.json()));
        return r.json();
    }

    private X509Certificate edge(String host) throws Exception {
        return served(server.config().httpsPort(), host, trustsCa);
    }

    @Test
    void eachNameGetsItsOwnThenTheWildcardThenTheServersOwn() throws Exception {
        TestCa.Issued own = ca.issue("localhost", "*.localhost");
        Handshakes.install(dir.resolve("tls"), own);
        server = servers.start(TestServers.config(dir));
        String token = ApiCalls.signupAndLogin(http, server, "certs@example.com");
        JsonNode a = createSocket(token, "http");
        JsonNode b = createSocket(token, "https");
        JsonNode raw = createSocket(token, "tcp");
        String aName = a.get("dns_name").asText();
        String bName = b.get("dns_name").asText();

        TestCa.Issued exact = ca.issue(aName);
        server.certificates().put(aName, exact.chainPem(), exact.keyPem());
        assertEquals(fingerprint(exact.leaf()), fingerprint(edge(aName)));
        assertEquals(fingerprint(own.leaf()), fingerprint(edge(bName)));

        TestCa.Issued wildcard = ca.issue("*.localhost");
        server.certificates().put("*.localhost", wildcard.chainPem(), wildcard.keyPem());
        assertEquals(fingerprint(wildcard.leaf()), fingerprint(edge(bName)));
        assertEquals(fingerprint(exact.leaf()), fingerprint(edge(aName)));

        JsonNode shown = call(http, server, "GET", "sockets/" + a.get("socket_id").asText(), token, null).json()
                .get("certificate");
        assertEquals("CN=Serving Test CA", shown.get("issuer").asText());
        assertEquals(aName, shown.get("names").get(0).asText());
        assertEquals(exact.leaf().getNotAfter().toInstant().toString(), shown.get("not_after").asText());
        assertEquals(exact.leaf().getNotBefore().toInstant().toString(), shown.get("not_before").asText());
        assertTrue(shown.path("last_error").isMissingNode() || shown.get("last_error").isNull(), shown.toString());
        JsonNode listed = call(http, server, "GET", "sockets", token, null).json();
        for (JsonNode s : listed) {
            JsonNode cert = s.get("certificate");
            if (s.get("socket_type").asText().equals("tcp")) {
                assertTrue(cert == null || cert.isNull(), "a tcp socket has no certificate of the server's: " + cert);
            } else if (s.get("dns_name").asText().equals(bName)) {
                assertEquals("*.localhost", cert.get("names").get(0).asText());
            }
        }
        assertTrue(raw.get("certificate") == null || raw.get("certificate").isNull());

        server.certificates().remove("*.localhost");
        assertEquals(fingerprint(own.leaf()), fingerprint(edge(bName)));
    }

    @Test
    void aSwapServesTheNextHandshake() throws Exception {
        server = servers.start(TestServers.config(dir));
        String token = ApiCalls.signupAndLogin(http, server, "swap@example.com");
        String name = createSocket(token, "http").get("dns_name").asText();
        assertThrows(SSLHandshakeException.class, () -> edge(name), "the self-signed own is not the CA's");
        TestCa.Issued first = ca.issue(name);
        TestCa.Issued second = ca.issue(name);
        server.certificates().put(name, first.chainPem(), first.keyPem());
        assertEquals(fingerprint(first.leaf()), fingerprint(edge(name)));
        server.certificates().put(name, second.chainPem(), second.keyPem());
        assertEquals(fingerprint(second.leaf()), fingerprint(edge(name)));
    }

    @Test
    void aCertificatePutInDataTlsIsServedWithoutRestartAndTheTunnelKeepsItsOwn() throws Exception {
        server = servers.start(TestServers.config(dir));
        String tunnel = server.fingerprint();
        String token = ApiCalls.signupAndLogin(http, server, "files@example.com");
        String name = createSocket(token, "http").get("dns_name").asText();

        TestCa.Issued renewed = ca.issue("localhost", "*.localhost");
        Handshakes.install(dir.resolve("tls"), renewed);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> fingerprint(edge(name)).equals(fingerprint(renewed.leaf())));
        assertTunnelKeeps(tunnel, token);

        // certbot's hook copying one file, then the other: the half-written pair is refused, the previous served.
        TestCa.Issued next = ca.issue("localhost", "*.localhost");
        Handshakes.replace(dir.resolve("tls/cert.pem"), next.chainPem());
        server.reloadCertificates();
        assertEquals(fingerprint(renewed.leaf()), fingerprint(edge(name)));
        Handshakes.replace(dir.resolve("tls/key.pem"), next.keyPem());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> fingerprint(edge(name)).equals(fingerprint(next.leaf())));
        assertTunnelKeeps(tunnel, token);
    }

    private void assertTunnelKeeps(String tunnel, String token) throws Exception {
        assertEquals(tunnel, server.fingerprint());
        assertEquals(tunnel, call(http, server, "GET", "server", token, null).json().get("tunnel_fingerprint")
                .asText());
        SSLContext pinsTunnel = TestServers.trustingContext(certificate(dir.resolve("tunnel-tls/cert.pem")));
        try (var s = (javax.net.ssl.SSLSocket) pinsTunnel.getSocketFactory().createSocket("127.0.0.1",
                server.config().tunnelPort())) {
            s.startHandshake();
            assertEquals(tunnel, fingerprint((X509Certificate) s.getSession().getPeerCertificates()[0]));
        }
    }

    @Test
    void anUpgradedDataDirKeepsTheTunnelFingerprintItsAgentsPinned() throws Exception {
        // The layout before this version: DATA/tls only, served on the tunnel port too.
        String pinned = TlsMaterial.loadOrCreate(dir, "localhost").fingerprint();
        assertTrue(Files.notExists(dir.resolve("tunnel-tls")));
        server = servers.start(TestServers.config(dir));
        assertEquals(pinned, server.fingerprint());
        server.close();

        Handshakes.install(dir.resolve("tls"), ca.issue("localhost", "*.localhost"));
        server = servers.start(TestServers.config(dir));
        assertEquals(pinned, server.fingerprint());
        assertEquals(pinned, TlsMaterial.linkOf(dir, "localhost").fingerprint());
    }

    @Test
    void aKeyInTheTraditionalOpenSslFormIsServedOnEveryPort() throws Exception {
        TestCa.Issued own = ca.issue("localhost", "*.localhost");
        Handshakes.install(dir.resolve("tls"), new TestCa.Issued(own.chainPem(), sec1(own), own.leaf()));
        server = servers.start(TestServers.config(dir).withApiTls(true));
        assertEquals(fingerprint(own.leaf()), fingerprint(served(server.config().apiPort(), "localhost", trustsCa)));
        assertEquals(fingerprint(own.leaf()), server.fingerprint(), "the tunnel port's copy of it");
        assertTrue(Files.readString(dir.resolve("tunnel-tls/key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    /** The key as "BEGIN EC PRIVATE KEY" (SEC1, curve and public key inside), as openssl ec writes it. */
    private static String sec1(TestCa.Issued pair) throws Exception {
        try (var reader = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pair.keyPem()))) {
            var info = (org.bouncycastle.asn1.pkcs.PrivateKeyInfo) reader.readObject();
            var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            var publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                    pair.leaf().getPublicKey().getEncoded()).getPublicKeyData();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), publicKey,
                    info.getPrivateKeyAlgorithm().getParameters());
            var out = new java.io.StringWriter();
            try (var w = new org.bouncycastle.util.io.pem.PemWriter(out)) {
                w.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            return out.toString();
        }
    }

    @Test
    void theApiServesTheDomainsCertificateAndFollowsIt() throws Exception {
        server = servers.start(TestServers.config(dir).withApiTls(true));
        int api = server.config().apiPort();
        assertThrows(SSLHandshakeException.class, () -> served(api, "localhost", trustsCa));
        assertEquals(server.fingerprint(), server.apiFingerprint(), "a new server: one self-signed certificate");

        TestCa.Issued issued = ca.issue("localhost");
        server.certificates().put("localhost", issued.chainPem(), issued.keyPem());
        assertEquals(fingerprint(issued.leaf()), fingerprint(served(api, "localhost", trustsCa)));
        TestCa.Issued renewed = ca.issue("localhost");
        server.certificates().put("localhost", renewed.chainPem(), renewed.keyPem());
        assertEquals(fingerprint(renewed.leaf()), fingerprint(served(api, "localhost", trustsCa)));
        assertEquals(fingerprint(renewed.leaf()), server.apiFingerprint());

        // Without an SNI name (a client dialing the IP address) the API shows the domain's all the same.
        server.certificates().remove("localhost");
        TestCa.Issued own = ca.issue("localhost", "*.localhost");
        Handshakes.install(dir.resolve("tls"), own);
        server.reloadCertificates();
        assertEquals(fingerprint(own.leaf()), fingerprint(served(api, "localhost", trustsCa)));
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
    }
}

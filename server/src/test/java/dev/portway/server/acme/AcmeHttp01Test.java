// Certificates by HTTP-01 from a real CA (Pebble) for a real server: the --domain's and a socket's as soon as it is
// created, served by the HTTPS edge to a client that trusts only Pebble's root; visitors' made-up names never order.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls;
import dev.portway.server.config.NameRules;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.io.InputStream;
import java.math.BigInteger;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Security;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

@Tag("process")
class AcmeHttp01Test extends AcmeServerTest {
    /** A server for DOMAIN on the HTTP port Pebble validates on, ordering from Pebble. */
    static ServerConfig config(Path data) throws Exception {
        return ca.config(data, DOMAIN);
    }

    @Test
    void theDomainsCertificateIsOrderedAtStartAndServedByTheApi() throws Exception {
        server = servers.start(config(data).withApiTls(true));
        int api = server.config().apiPort();
        await("the domain's certificate").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(api, DOMAIN));
        X509Certificate leaf = client.handshake(api, DOMAIN);
        assertTrue(leaf.getIssuerX500Principal().getName().contains("Pebble"), leaf.getIssuerX500Principal()
                .getName());
        assertEquals(1, server.acme().ordersPlaced());
    }

    @Test
    void aNewSocketIsServedAValidCertificateWithinSeconds() throws Exception {
        server = servers.start(config(data));
        int https = server.config().httpsPort();
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String name = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        await("the socket's certificate").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.valid(https, name));

        X509Certificate leaf = client.handshake(https, name);
        assertTrue(leaf.getIssuerX500Principal().getName().contains("Pebble"), leaf.getIssuerX500Principal()
                .getName());
        CertificateRecord stored = server.store().findCertificate(name).orElseThrow();
        assertTrue(stored.issued());
        assertEquals(null, stored.lastError());
        assertEquals(leaf.getNotAfter().toInstant().toString(), stored.notAfter());
        Instant notBefore = Instant.parse(stored.notBefore());
        Instant notAfter = Instant.parse(stored.notAfter());
        Duration lifetime = Duration.between(notBefore, notAfter);
        assertEquals(notAfter.minus(lifetime.dividedBy(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(stored.nextAttemptAt()), "renewed when a third of its lifetime is left, to the second"
                        + " (Pebble publishes no renewal information)");
    }

    @Test
    void aCertificateIsRenewedWhenItsRenewalTimeHasCome() throws Exception {
        server = servers.start(config(data));
        int https = server.config().httpsPort();
        String token = ApiCalls.signupAndLogin(http, server, "fay@example.com");
        String name = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, name));
        BigInteger first = client.handshake(https, name).getSerialNumber();
        // As if the time had come: the engine acts on the store's next_attempt_at, whichever node set it.
        CertificateRecord c = server.store().findCertificate(name).orElseThrow();
        server.store().saveCertificate(new CertificateRecord(c.name(), c.chainPem(), c.keyPem(), c.issuer(),
                c.notBefore(), c.notAfter(), null, Instant.now().minusSeconds(1).toString(), false,
                Instant.now().toString()));
        await("renewed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !new EdgeTls(ca.pebble().issuingRoot()).handshake(https, name).getSerialNumber()
                        .equals(first));
        assertTrue(Instant.parse(server.store().findCertificate(name).orElseThrow().nextAttemptAt())
                .isAfter(Instant.now().plus(Duration.ofDays(30))), "the next renewal is far off again");
    }

    @Test
    void visitorsMadeUpNamesNeverCauseAnOrder() throws Exception {
        server = servers.start(config(data));
        int https = server.config().httpsPort();
        String token = ApiCalls.signupAndLogin(http, server, "bob@example.com");
        String first = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, first));
        long before = server.acme().ordersPlaced();

        try (Socket s = new Socket("127.0.0.1", ca.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: made-up-1.portway.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 404", head);
        }
        assertThrows(SSLException.class, () -> client.handshake(https, "made-up-2.portway.test"));
        assertThrows(SSLException.class, () -> client.handshake(https, "elsewhere.example.org"));

        // The engine works through its queue in order: once a real socket's certificate is served, anything the
        // visits above had set off would have been ordered before it.
        String name = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, name));
        assertEquals(before + 1, server.acme().ordersPlaced());
        assertTrue(server.store().findCertificate("made-up-1.portway.test").isEmpty());
        assertTrue(server.store().findCertificate("made-up-2.portway.test").isEmpty());
        assertTrue(server.store().findCertificate("elsewhere.example.org").isEmpty());
    }

    @Test
    void aDeletedSocketsCertificateIsDroppedAndOnlyPublishedTokensAreAnswered() throws Exception {
        server = servers.start(config(data));
        int https = server.config().httpsPort();
        String token = ApiCalls.signupAndLogin(http, server, "cy@example.com");
        ApiCalls.Reply created = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}");
        String name = created.json().get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, name));

        try (Socket s = new Socket("127.0.0.1", ca.httpPort())) {
            s.getOutputStream().write(("GET /.well-known/acme-challenge/" + "x".repeat(43) + " HTTP/1.1\r\nHost: "
                    + name + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 404", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
        }

        assertEquals(204, ApiCalls.call(http, server, "DELETE", "sockets/" + created.json().get("socket_id")
                .asText(), token, null).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.store().findCertificate(name).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.valid(https, name));
        assertFalse(client.valid(https, name));
    }

    @Test
    void anAccountTheCaNoLongerKnowsIsRegisteredAgain() throws Exception {
        // What a store keeps after the CA forgot the account (a test CA restarted, a staging CA reset).
        String directory = ca.pebble().directory().toString();
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider()); // as the engine does, for acme4j's key pairs
        }
        java.io.StringWriter key = new java.io.StringWriter();
        KeyPairUtils.writeKeyPair(KeyPairUtils.createECKeyPair("secp256r1"), key);
        try (Store store = JdbcStore.open(StoreLocation.sqlite(Files.createDirectories(data).resolve("portway.db")))) {
            store.acme().addAccount(directory, key.toString());
            store.acme().setAccountLocation(directory, directory.replace("/dir", "/my-account/404"));
        }
        ServerConfig config = config(data);
        server = servers.start(config.toBuilder().names(NameRules.DEFAULTS).apiTls(true).build());
        int api = server.config().apiPort();
        await("the domain's certificate").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(api, DOMAIN));
        assertEquals(2, server.acme().ordersPlaced(), "refused once, then ordered with the account registered anew");
        assertFalse(server.store().acme().account(directory).orElseThrow().location().endsWith("/404"));
    }

    @Test
    void aVerifiedCustomDomainGetsACertificateAndAPendingOneNone() throws Exception {
        server = servers.start(config(data));
        int https = server.config().httpsPort();
        String token = ApiCalls.signupAndLogin(http, server, "dee@example.com");
        ApiCalls.Reply socket = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}");
        String id = socket.json().get("socket_id").asText();
        String own = socket.json().get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, own));
        long before = server.acme().ordersPlaced();
        ApiCalls.Reply set = ApiCalls.call(http, server, "PATCH", "sockets/" + id, token,
                "{\"custom_domains\":[\"app.customer.test\",\"pending.customer.test\"]}");
        assertEquals(200, set.status(), String.valueOf(set.json()));
        ca.dns().setTxt("_portway.app.customer.test", set.json().get("custom_domains").get(0).get("txt_value")
                .asText());

        // Until it is verified the name is unknown to the edge, and asking for unknown names by the hundred gets an
        // address refused for a while: wait for the verification first.
        await("verified").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                ApiCalls.call(http, server, "GET", "sockets/" + id, token, null).json().get("custom_domains").get(0)
                        .get("status").asText().equals("verified"));
        await("the verified domain's certificate").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, "app.customer.test"));
        assertEquals(before + 1, server.acme().ordersPlaced(), "one order: the verified domain's");
        assertTrue(server.store().findCertificate("pending.customer.test").isEmpty());
        assertFalse(client.valid(https, "pending.customer.test"));
        var listed = ApiCalls.call(http, server, "GET", "sockets/" + id, token, null).json().get("custom_domains");
        assertEquals("app.customer.test", listed.get(0).get("certificate").get("names").get(0).asText());
        assertTrue(listed.get(0).get("certificate").get("issuer").asText().contains("Pebble"),
                String.valueOf(listed.get(0)));
        assertTrue(listed.get(1).path("certificate").isMissingNode(), "the pending domain has none");
    }

    @Test
    void aTlsSocketsVerifiedDomainGetsNoCertificateItsOriginServesItsOwn() throws Exception {
        server = servers.start(config(data));
        String token = ApiCalls.signupAndLogin(http, server, "tls@example.com");
        ApiCalls.Reply socket = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"tls\"}");
        String id = socket.json().get("socket_id").asText();
        ApiCalls.Reply set = ApiCalls.call(http, server, "PATCH", "sockets/" + id, token,
                "{\"custom_domains\":[\"passthrough.customer.test\"]}");
        assertEquals(200, set.status(), String.valueOf(set.json()));
        ca.dns().setTxt("_portway.passthrough.customer.test",
                set.json().get("custom_domains").get(0).get("txt_value").asText());
        await("verified").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                server.customDomains().served().containsKey("passthrough.customer.test"));
        // The engine takes names in turn: once a socket made after the verification has its certificate, an
        // order for the verified domain would have been placed before it.
        String later = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}").json()
                .get("dns_name").asText();
        await("the later socket's certificate").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(server.config().httpsPort(), later));
        assertTrue(server.store().findCertificate("passthrough.customer.test").isEmpty());
        assertEquals(2, server.acme().ordersPlaced(), "the --domain's and the later socket's");
    }

    @Test
    void aRestartedServerServesWhatTheStoreHoldsWithoutOrderingAgain() throws Exception {
        ServerConfig config = config(data);
        server = servers.start(config);
        String token = ApiCalls.signupAndLogin(http, server, "gus@example.com");
        String name = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        int https = server.config().httpsPort();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.valid(https, name));
        BigInteger serial = client.handshake(https, name).getSerialNumber();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().findCertificate(DOMAIN)
                .map(CertificateRecord::issued).orElse(false));
        server.close();

        server = servers.start(config);
        int again = server.config().httpsPort();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> new EdgeTls(ca.pebble().issuingRoot()).valid(again, name));
        assertEquals(serial, new EdgeTls(ca.pebble().issuingRoot()).handshake(again, name).getSerialNumber());
        assertEquals(0, server.acme().ordersPlaced());
    }
}

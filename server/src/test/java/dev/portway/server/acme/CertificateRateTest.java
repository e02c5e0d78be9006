// The CA's rate limits are safe from users: past --certificate-rate an account's new socket is created and served
// with what the server has while its order waits (last_error says until when), other accounts order as before, and
// a name deleted and created again gets back the certificate it had instead of a duplicate order. Real Pebble.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.security.SignupRate;
import dev.portway.server.store.CertificateRecord;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class CertificateRateTest extends AcmeServerTest {
    private void start(String rate) throws Exception {
        ServerConfig config = ca.config(data, DOMAIN);
        server = servers.start(config.withAcme(config.acme().withCertificateRate(SignupRate.parse(rate))));
        // The server's own name is ordered at start, against nobody's rate.
        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().findCertificate(DOMAIN)
                .filter(CertificateRecord::issued).isPresent());
    }

    private JsonNode create(String token, String body) throws Exception {
        ApiCalls.Reply r = ApiCalls.call(http, server, "POST", "sockets", token, body);
        assertEquals(201, r.status(), String.valueOf(r.json()));
        return r.json();
    }

    @Test
    void pastItsRateAnAccountsNewSocketIsServedWhileItsOrderWaits() throws Exception {
        start("1/d");
        int https = server.config().httpsPort();
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String first = create(ann, "{\"socket_type\":\"http\"}").get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.valid(https, first));
        long orders = server.acme().ordersPlaced();

        JsonNode second = create(ann, "{\"socket_type\":\"https\"}");
        String name = second.get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.store().findCertificate(name)
                .map(CertificateRecord::lastError).filter(e -> e.startsWith(AcmeEngine.RATE_WAIT)).isPresent());
        CertificateRecord waiting = server.store().findCertificate(name).orElseThrow();
        assertFalse(waiting.issued());
        Instant next = Instant.parse(waiting.nextAttemptAt());
        assertTrue(next.isAfter(Instant.now().plus(Duration.ofHours(23))), "waits out the day: " + next);
        assertEquals(orders, server.acme().ordersPlaced(), "no order placed past the rate");
        assertFalse(client.valid(https, name), "served with the server's own certificate meanwhile");
        String id = second.get("socket_id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> ApiCalls.call(http, server, "GET", "sockets/" + id, ann,
                null).json().at("/certificate/last_error").asText().contains("--certificate-rate"));

        String bob = ApiCalls.signupAndLogin(http, server, "bob@example.com");
        String bobs = create(bob, "{\"socket_type\":\"http\"}").get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.valid(https, bobs));
    }

    @Test
    void aNameDeletedAndCreatedAgainGetsBackItsCertificateWithoutAnOrder() throws Exception {
        start("1/d");
        int https = server.config().httpsPort();
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        JsonNode shop = create(ann, "{\"socket_type\":\"http\",\"subdomain\":\"shop\"}");
        String name = shop.get("dns_name").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.valid(https, name));
        BigInteger serial = client.handshake(https, name).getSerialNumber();
        long orders = server.acme().ordersPlaced();

        assertEquals(204, ApiCalls.call(http, server, "DELETE", "sockets/" + shop.get("socket_id").asText(), ann,
                null).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.store().findCertificate(name).isEmpty());
        create(ann, "{\"socket_type\":\"http\",\"subdomain\":\"shop\"}");
        // Ann's rate (one a day) is spent: only the certificate kept from before can make this valid.
        await().atMost(Duration.ofSeconds(30)).until(() -> client.valid(https, name));
        assertEquals(serial, client.handshake(https, name).getSerialNumber());
        assertEquals(orders, server.acme().ordersPlaced());
    }
}

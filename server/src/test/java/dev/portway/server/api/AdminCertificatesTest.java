// GET /api/v1/admin/certificates over real HTTP: every certificate the server wants with its state, issuer, names,
// expiry, last error and next attempt, the soonest expiry first; for admins only.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ServerTestCase;
import dev.portway.server.acme.TestCertificates;
import dev.portway.server.store.CertificateRecord;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminCertificatesTest extends ServerTestCase {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsEachCertificateSoonestExpiryFirstForAdminsOnly() throws Exception {
        server = servers.start(dir);
        String admin = ApiCalls.signupAndLogin(http, server, "root@example.com");
        String user = ApiCalls.signupAndLogin(http, server, "user@example.com");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant retry = now.plus(Duration.ofMinutes(30));
        server.store().saveCertificate(TestCertificates.issued("*.example.org", List.of("example.org",
                "*.example.org"), now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))));
        server.store().saveCertificate(TestCertificates.issued("app.example.net", List.of("app.example.net"),
                now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10))));
        server.store().saveCertificate(TestCertificates.failed("shop.example.com",
                "urn:ietf:params:acme:error:dns: NXDOMAIN looking up A for shop.example.com", retry));
        server.store().saveCertificate(CertificateRecord.wanted("new.example.org", now.toString()));

        Reply r = ApiCalls.call(http, server, "GET", "admin/certificates", admin, null);
        assertEquals(200, r.status(), String.valueOf(r.json()));
        List<String> order = List.of("app.example.net", "*.example.org", "new.example.org", "shop.example.com");
        assertEquals(order.size(), r.json().size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(order.get(i), r.json().get(i).get("name").asText());
        }
        JsonNode expiring = r.json().get(0);
        assertEquals("expiring", expiring.get("state").asText());
        assertEquals("Test CA", expiring.get("issuer").asText());
        assertEquals(now.plus(Duration.ofDays(10)).toString(), expiring.get("not_after").asText());
        assertFalse(expiring.has("last_error"), "null fields are left out");
        JsonNode wildcard = r.json().get(1);
        assertEquals("valid", wildcard.get("state").asText());
        assertEquals("[\"example.org\",\"*.example.org\"]", wildcard.get("names").toString());
        assertFalse(wildcard.get("renew_requested").asBoolean());
        assertEquals("pending", r.json().get(2).get("state").asText());
        JsonNode failed = r.json().get(3);
        assertEquals("failed", failed.get("state").asText());
        assertEquals("urn:ietf:params:acme:error:dns: NXDOMAIN looking up A for shop.example.com",
                failed.get("last_error").asText());
        assertEquals(retry.toString(), failed.get("next_attempt_at").asText());
        assertEquals("[]", failed.get("names").toString());
        assertFalse(failed.has("not_after"));

        assertError(ApiCalls.call(http, server, "GET", "admin/certificates", user, null), 403, "forbidden");
        assertError(ApiCalls.call(http, server, "GET", "admin/certificates", null, null), 401, "unauthorized");
    }
}

// The API over TLS: the server's own certificate, and a plain request on that port refused without an answer.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTlsTest extends ServerTestCase {
    private static final String CREDS = "{\"email\":\"tls@example.com\",\"password\":\"password1\"}";

    HttpClient https;
    final HttpClient plain = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = servers.start(TestServers.config(dir).withApiTls(true));
        https = TestServers.trusting(TestServers.certificate(dir));
    }

    private HttpResponse<String> send(HttpClient client, String scheme, String method, String path, String token,
                                      String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:"
                + server.config().apiPort() + "/api/v1/" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersOverTlsWithTheCertificateAgentsPin() throws Exception {
        HttpResponse<String> info = send(https, "https", "GET", "server", null, null);
        assertEquals(200, info.statusCode());
        X509Certificate shown = (X509Certificate) info.sslSession().orElseThrow().getPeerCertificates()[0];
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(shown.getEncoded()));
        assertEquals(server.fingerprint(), fingerprint);
        assertEquals(fingerprint, Json.mapper().readTree(info.body()).get("tunnel_fingerprint").asText());
        assertTrue(server.config().apiUrl().startsWith("https://"), server.config().apiUrl());
    }

    @Test
    void aPlainRequestIsRefusedAndGivesNothingAway() throws Exception {
        assertEquals(201, send(https, "https", "POST", "accounts", null, CREDS).statusCode());
        String token = Json.mapper().readTree(send(https, "https", "POST", "login", null, CREDS).body())
                .get("token").asText();

        HttpResponse<String> login = send(plain, "http", "POST", "login", null, CREDS);
        assertEquals(403, login.statusCode());
        JsonNode err = Json.mapper().readTree(login.body());
        assertEquals("tls_required", err.at("/error/code").asText());
        assertTrue(err.at("/error/message").asText().contains("https://127.0.0.1:" + server.config().apiPort()),
                login.body());
        assertFalse(login.body().contains("\"token\""), login.body());

        HttpResponse<String> account = send(plain, "http", "GET", "account", token, null);
        assertEquals(403, account.statusCode());
        assertFalse(account.body().contains("tls@example.com"), account.body());
        assertEquals(200, send(https, "https", "GET", "account", token, null).statusCode());
    }
}

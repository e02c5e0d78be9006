// The local target an agent reports in its hello reaches the tunnel's owner through the API while the link is up;
// an older agent's hello (none) and a hostile one (too long, control characters) show nothing.
package dev.portway.server.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.server.ApiCalls;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestLink;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TunnelLocalTargetTest extends ServerTestCase {
    final HttpClient http = HttpClient.newHttpClient();
    String token;
    String socketId;
    String tunnelId;
    String credential;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir);
        token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        socketId = ApiCalls.call(http, server, "POST", "sockets", token, "{\"name\":\"db\",\"socket_type\":\"tls\"}")
                .json().get("socket_id").asText();
        JsonNode t = ApiCalls.call(http, server, "POST", "sockets/" + socketId + "/tunnels", token, null).json();
        tunnelId = t.get("tunnel_id").asText();
        credential = t.get("credential").asText();
    }

    private JsonNode tunnelWhileLinked(String localTarget) throws Exception {
        try (TestLink link = TestLink.connect(server.config().tunnelPort(), new Hello(Version.LINK_PROTOCOL,
                tunnelId, credential, TestLink.AGENT, TestLink.HOST, null, localTarget))) {
            assertTrue(link.reply().ok(), link.reply().message());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.registry().session(tunnelId).isPresent());
            JsonNode shown = ApiCalls.call(http, server, "GET", "sockets/" + socketId + "/tunnels/" + tunnelId,
                    token, null).json();
            assertEquals("online", shown.get("status").asText());
            JsonNode inList = ApiCalls.call(http, server, "GET", "sockets/" + socketId, token, null).json()
                    .at("/tunnels/0");
            assertEquals(shown.path("local_target"), inList.path("local_target"), "the socket's list says the same");
            return shown;
        } finally {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.registry().session(tunnelId).isEmpty());
        }
    }

    @Test
    void theApiShowsThePortTheAgentServesOnWhileItIsOnline() throws Exception {
        assertEquals("localhost:9443", tunnelWhileLinked("localhost:9443").get("local_target").asText());
        assertEquals("[::1]:5432", tunnelWhileLinked("[::1]:5432").get("local_target").asText());
        JsonNode offline = ApiCalls.call(http, server, "GET", "sockets/" + socketId + "/tunnels/" + tunnelId, token,
                null).json();
        assertFalse(offline.has("local_target"), "offline, nothing is claimed: " + offline);
    }

    @Test
    void anOlderAgentOrAHostileTargetShowsNothing() throws Exception {
        assertFalse(tunnelWhileLinked(null).has("local_target"));
        assertFalse(tunnelWhileLinked("evil\u001b[2J:80").has("local_target"));
        assertFalse(tunnelWhileLinked("a".repeat(5000) + ":80").has("local_target"));
    }
}

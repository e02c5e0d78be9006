// Custom domains on two nodes of one PostgreSQL store: a domain verified by node A's checker (node B's resolver
// never answers, so only A can verify) is served by node B's edge too, and removing it through node B stops it on
// node A within a poll.
package dev.portway.server.domains;

import static dev.portway.server.TestServers.visit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls;
import dev.portway.server.config.NameRules;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.StoreLocation;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
@Tag("postgres")
class ClusterCustomDomainsTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    private PortwayServer node(String name, StoreLocation database, String resolver, String tcpPorts)
            throws Exception {
        ServerConfig c = TestServers.config(dir.resolve(name), tcpPorts);
        return PortwayServer.start(c.withStore(database).withNames(new NameRules(NameRules.DEFAULTS.reserved(),
                resolver, ChallTestSrv.QUICK_CHECK)));
    }


    @Test
    void aDomainVerifiedThroughOneNodeIsServedByTheOtherAndRemovedFromBoth() throws Exception {
        StoreLocation database = PostgresServer.get().newDatabase();
        int a = TestServers.freeRange(2);
        int b = TestServers.freeRange(2);
        try (ChallTestSrv dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
             DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             PortwayServer nodeA = node("node-a", database, dns.dnsAddress(), a + "-" + (a + 1));
             PortwayServer nodeB = node("node-b", database, "127.0.0.1:" + silent.getLocalPort(),
                     b + "-" + (b + 1))) {
            String token = ApiCalls.signupAndLogin(http, nodeB, "ann@example.com");
            ApiCalls.Reply created = ApiCalls.call(http, nodeB, "POST", "sockets", token, "{}");
            String id = created.json().get("socket_id").asText();
            JsonNode d = ApiCalls.call(http, nodeB, "PATCH", "sockets/" + id, token,
                    "{\"custom_domains\":[\"shared.example.org\"]}").json().get("custom_domains").get(0);
            dns.setTxt(d.get("txt_name").asText(), d.get("txt_value").asText());

            // Polled through the API: every unknown name a visitor asks for counts against its address.
            await().atMost(Duration.ofSeconds(60)).until(() -> ApiCalls.call(http, nodeB, "GET", "sockets/" + id,
                    token, null).json().at("/custom_domains/0/status").asText().equals("verified"));
            assertEquals("HTTP/1.1 502 Bad Gateway", visit(nodeA, "shared.example.org"),
                    "served by the node that verified it");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> visit(nodeB, "shared.example.org").equals("HTTP/1.1 502 Bad Gateway"));
            assertEquals(Map.of("shared.example.org", id), nodeB.customDomains().served(),
                    "node B's listeners heard of it too");

            ApiCalls.call(http, nodeB, "PATCH", "sockets/" + id, token, "{\"custom_domains\":[]}");
            assertEquals("HTTP/1.1 404 Not Found", visit(nodeB, "shared.example.org"), "at once where removed");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> visit(nodeA, "shared.example.org")
                    .equals("HTTP/1.1 404 Not Found"));
            assertEquals(Map.of(), nodeA.customDomains().served());
        }
    }
}

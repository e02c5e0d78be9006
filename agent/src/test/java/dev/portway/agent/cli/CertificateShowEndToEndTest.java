// What "socket show" says about certificates, from a real CA: a server ordering from Pebble (HTTP-01 on its edge port,
// names resolved by challtestsrv, which also proves the custom domain by TXT) prints, once issued, Pebble's issuer,
// the name and a valid-until time for a socket created with --subdomain, and a verified custom domain's own
// certificate under that domain; and the owner's live events (what the app shows) carry each as it is issued.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.cli.CliTest.Result;
import dev.portway.server.config.AcmeSettings;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import dev.portway.server.acme.Pebble;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class CertificateShowEndToEndTest {
    /**
     * "Pebble Intermediate CA …, for NAME, valid until TIME", the certificate line's value: the issuer's common name,
     * not the API's X.500 name ("CN=…").
     */
    private static final Pattern ISSUED = Pattern.compile(
            "certificate +(Pebble Intermediate CA [0-9a-f]+), for ([^,]+), valid until (\\S+)");

    @TempDir
    Path dir;

    Result run(String... args) {
        return CliTest.runIn(dir.resolve("home"), args);
    }

    /**
     * Waits until socket show prints the certificate for name, on the line after what before matches, with a time
     * valid for more than a day, and until a live event carries it; the issuer shown.
     */
    private String awaitIssued(String socketId, String before, String name, List<String> events) {
        Pattern line = Pattern.compile(before + ISSUED.pattern(), Pattern.MULTILINE);
        Matcher m = await("the certificate of " + name + " in socket show").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> line.matcher(run("socket", "show", socketId).out()), Matcher::find);
        assertEquals(name, m.group(2));
        assertTrue(Instant.parse(m.group(3)).isAfter(Instant.now().plus(Duration.ofDays(1))), m.group(3));
        // What the app listens to: the certificate reaches it as its socket's live event.
        await("a live event with the certificate of " + name).atMost(Duration.ofSeconds(5))
                .until(() -> events.stream().anyMatch(e -> e.startsWith("socket ") && e.contains(
                        "\"issuer\":\"CN=" + m.group(1) + "\",\"names\":[\"" + name + "\"]")));
        return m.group(1);
    }

    @Test
    void socketShowPrintsTheIssuedCertificatesOfTheNameAndOfAVerifiedCustomDomain() throws Exception {
        int httpPort = TestServers.freeRange(1);
        try (ChallTestSrv dns = ChallTestSrv.start(dir.resolve("dns.log"));
             Pebble pebble = Pebble.start(dir.resolve("pebble"), httpPort, dns.dnsAddress())) {
            ServerConfig base = TestServers.configWithFreePorts(dir.resolve("server"), 1);
            ServerConfig config = base.toBuilder().domain("portway.test").httpPort(httpPort)
                    .names(dns.names())
                    .acme(new AcmeSettings(pebble.directory(), null, pebble.httpsRoot(), null)).build();
            try (PortwayServer server = PortwayServer.start(config)) {
                assertEquals(0, run("account", "create", "--server", "http://127.0.0.1:" + server.config().apiPort(),
                        "--email", "cert@example.com", "--password", "password1").code());
                List<String> events = new CopyOnWriteArrayList<>();
                server.events().subscribe(server.store().findUserByEmail("cert@example.com").orElseThrow().id(),
                        (name, json) -> events.add(name + " " + json));
                Result created = run("socket", "create", "--subdomain", "shop", "--json");
                assertEquals(0, created.code(), created.err());
                String id = created.json().get("socket_id").asText();
                assertEquals("shop.portway.test", created.json().get("dns_name").asText());

                String own = awaitIssued(id, "^", "shop.portway.test", events);

                assertEquals(0, run("socket", "update", id, "--custom-domain", "app.example.org").code());
                JsonNode domain = run("socket", "show", id, "--json").json().get("custom_domains").get(0);
                dns.setTxt(domain.get("txt_name").asText(), domain.get("txt_value").asText());
                String custom = awaitIssued(id, "^app\\.example\\.org  verified\\n  ", "app.example.org", events);
                assertEquals(own, custom, "both from Pebble's intermediate");
                assertTrue(run("socket", "show", id).out().contains("certificate  " + own + ", for "
                        + "shop.portway.test"), "the socket's own name keeps its own certificate");
            }
        }
    }
}

// Custom domains on a real server, proven through a real DNS server (pebble-challtestsrv as --resolver): pending
// with the TXT record to add, verified once it is there and then routed by Host, never served before or after
// removal, failed after 24 h (a test clock), checked again on "verify", and every refusal of the API.
package dev.portway.server.domains;

import static dev.portway.server.ApiCalls.assertError;
import static dev.portway.server.TestServers.visit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.api.AuditEntry;
import dev.portway.server.ApiTestCase;
import dev.portway.server.config.AccountLimits;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.config.NameRules;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestClock;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import dev.portway.server.store.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class CustomDomainsTest extends ApiTestCase {
    ChallTestSrv dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    /**
     * On the system clock a pending domain is looked at again soon (dns.names()), so a test that waits for it to be
     * verified waits half a second, not 5; the tests on a TestClock keep the 5 s their verify rules are written for.
     */
    private void start(Clock clock, AccountLimits limits) throws Exception {
        ServerConfig config = TestServers.config(dir.resolve("data")).withQuotas(limits)
                .withNames(clock instanceof TestClock ? new NameRules(NameRules.DEFAULTS.reserved(), dns.dnsAddress())
                        : dns.names());
        server = servers.start(config, clock);
    }

    private String socket(String token, String type) throws Exception {
        Reply r = call("POST", "sockets", token, "{\"socket_type\":\"" + type + "\"}");
        assertEquals(201, r.status(), String.valueOf(r.json()));
        return r.json().get("socket_id").asText();
    }

    private Reply setDomains(String token, String socketId, String... names) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String n : names) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(n).append('"');
        }
        return call("PATCH", "sockets/" + socketId, token, "{\"custom_domains\":[" + list + "]}");
    }

    private JsonNode domain(String token, String socketId, String name) throws Exception {
        for (JsonNode d : call("GET", "sockets/" + socketId, token, null).json().get("custom_domains")) {
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private String status(String token, String socketId, String name) throws Exception {
        JsonNode d = domain(token, socketId, name);
        return d == null ? "absent" : d.get("status").asText();
    }

    @Test
    void aDomainIsPendingUntilItsTxtRecordIsSeenThenRoutedUntilRemoved() throws Exception {
        start(Clock.systemUTC(), AccountLimits.DEFAULTS);
        List<String> heard = new CopyOnWriteArrayList<>();
        server.customDomains().onChange(new CustomDomainListener() {
            @Override
            public void served(String name, String socketId) {
                heard.add("served " + name);
            }

            @Override
            public void withdrawn(String name) {
                heard.add("withdrawn " + name);
            }
        });
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String id = socket(token, "http");
        List<String> events = new CopyOnWriteArrayList<>();
        server.events().subscribe(server.store().findUserByEmail("ann@example.com").orElseThrow().id(),
                (name, json) -> events.add(name + " " + json));
        Reply r = setDomains(token, id, "App.Example.ORG.", "quiet.example.net");
        assertEquals(200, r.status(), String.valueOf(r.json()));
        JsonNode app = r.json().get("custom_domains").get(0);
        assertEquals("app.example.org", app.get("name").asText(), "lower-cased, without the trailing dot");
        assertEquals("pending", app.get("status").asText());
        assertEquals("_portway.app.example.org", app.get("txt_name").asText());
        String value = app.get("txt_value").asText();
        assertTrue(value.matches("portway-verify-[0-9a-f]{32}"), value);
        assertTrue(app.path("certificate").isMissingNode(), "no certificate of its own yet");
        String other = r.json().get("custom_domains").get(1).get("txt_value").asText();
        assertTrue(!other.equals(value), "each domain has its own value");
        assertTrue(visit(server, "app.example.org").contains("404"), "a pending domain is never served");

        dns.setTxt("_portway.app.example.org", value);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(token, id, "app.example.org").equals("verified"));
        assertTrue(visit(server, "app.example.org").contains("502"), "routed to the socket (no tunnel is online)");
        assertTrue(visit(server, "APP.example.org:8080").contains("502"), "Host ignoring case and port");
        assertEquals(List.of("served app.example.org"), heard);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.startsWith("socket ")
                && e.contains("\"name\":\"app.example.org\",\"status\":\"verified\"")));

        dns.setTxt("_portway.quiet.example.net", "portway-verify-not-the-value");
        // Kept names keep their status; the one without its record stays pending and unserved.
        Reply kept = setDomains(token, id, "app.example.org", "quiet.example.net");
        assertEquals("verified", kept.json().get("custom_domains").get(0).get("status").asText());
        assertEquals(value, kept.json().get("custom_domains").get(0).get("txt_value").asText());
        assertEquals("pending", status(token, id, "quiet.example.net"));
        assertEquals(call("GET", "sockets/" + id, token, null).json().get("custom_domains"),
                call("GET", "sockets", token, null).json().get(0).get("custom_domains"), "the list shows them alike");
        assertTrue(visit(server, "quiet.example.net").contains("404"));

        assertEquals(200, setDomains(token, id, "quiet.example.net").status());
        assertTrue(visit(server, "app.example.org").contains("404"), "a removed domain stops being served at once");
        assertEquals(List.of("served app.example.org", "withdrawn app.example.org"), heard);
        List<String> actions = server.store().listAudit(null, 50).stream().map(AuditRecord::action).toList();
        assertTrue(actions.containsAll(List.of(AuditEntry.DOMAIN_ADD, AuditEntry.DOMAIN_VERIFIED,
                AuditEntry.DOMAIN_REMOVE)), actions.toString());
    }

    @Test
    void aDomainNotSeenFor24HoursFailsAndVerifyChecksItAgain() throws Exception {
        TestClock clock = new TestClock();
        start(clock, AccountLimits.DEFAULTS);
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String id = socket(token, "http");
        String value = setDomains(token, id, "late.example.org").json().get("custom_domains").get(0)
                .get("txt_value").asText();
        clock.advance(Duration.ofHours(23));
        // Checked (and not found) at 23 h: still pending.
        await().atMost(Duration.ofSeconds(20)).until(() -> server.store().listCustomDomains(id).get(0)
                .nextCheckAt() > clock.millis());
        assertEquals("pending", status(token, id, "late.example.org"));
        clock.advance(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(token, id, "late.example.org").equals("failed"));
        assertTrue(visit(server, "late.example.org").contains("404"));

        dns.setTxt("_portway.late.example.org", value);
        Reply again = call("PATCH", "sockets/" + id, token, "{\"verify\":true}");
        assertEquals(200, again.status());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(token, id, "late.example.org").equals("verified"));
        assertTrue(visit(server, "late.example.org").contains("502"), "served once verified");
        List<String> actions = server.store().listAudit(null, 50).stream().map(AuditRecord::action).toList();
        assertTrue(actions.containsAll(List.of(AuditEntry.DOMAIN_FAILED, AuditEntry.DOMAIN_VERIFY,
                AuditEntry.DOMAIN_VERIFIED)), actions.toString());
    }

    @Test
    void verifyInALoopDoesNotMakeTheServerLookUpInALoop() throws Exception {
        TestClock clock = new TestClock();
        start(clock, AccountLimits.DEFAULTS);
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String id = socket(token, "http");
        setDomains(token, id, "loop.example.org");
        long began = server.store().listCustomDomains(id).get(0).checkSince();
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, call("PATCH", "sockets/" + id, token, "{\"verify\":true}").status());
        }
        assertEquals(began, server.store().listCustomDomains(id).get(0).checkSince(),
                "a round begun within the first interval is checked that often already");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(200, call("PATCH", "sockets/" + id, token, "{\"verify\":true}").status());
        assertEquals(clock.millis(), server.store().listCustomDomains(id).get(0).checkSince());
    }

    @Test
    void badNamesTakenNamesTcpSocketsAndQuotasAreRefused() throws Exception {
        start(Clock.systemUTC(), AccountLimits.DEFAULTS.withCustomDomains(2, 3));
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String bob = ApiCalls.signupAndLogin(http, server, "bob@example.com");
        String id = socket(ann, "http");
        for (String bad : List.of("", "localhost", "*.example.org", "192.0.2.1", "[::1]", "-a.example.org",
                "a_b.example.org", "a..example.org", "x".repeat(64) + ".example.org", "café.example.org",
                "sock.localhost", "localhost.")) {
            assertError(setDomains(ann, id, bad), 400, "invalid_domain");
        }
        assertTrue(call("PATCH", "sockets/" + id, ann, "{\"custom_domains\":[\"a.b." + "c".repeat(250) + "\"]}")
                .json().at("/error/message").asText().contains("253"));
        String tcp = socket(ann, "tcp");
        Reply onTcp = setDomains(ann, tcp, "raw.example.org");
        assertError(onTcp, 400, "invalid_domain");
        assertTrue(onTcp.json().at("/error/message").asText().contains("tcp"));

        assertEquals(200, setDomains(ann, id, "one.example.org", "two.example.org").status());
        String bobs = socket(bob, "tls");
        assertError(setDomains(ann, id, "one.example.org", "two.example.org", "three.example.org"), 403,
                "quota_exceeded");
        String second = socket(ann, "https");
        assertEquals(200, setDomains(ann, second, "three.example.org").status());
        assertError(setDomains(ann, second, "three.example.org", "four.example.org"), 403, "quota_exceeded");
        assertEquals(List.of("one.example.org", "two.example.org"), names(ann, id),
                "a refused update changes nothing");
        // Another user's socket answers as a missing one.
        assertError(setDomains(bob, id, "five.example.org"), 404, "not_found");
        assertEquals(200, setDomains(ann, id).status());
        assertEquals(List.of(), names(ann, id), "[] removes them all");
    }

    @Test
    void aPendingClaimBlocksNobodyAndTheFirstVerifiedSocketOwnsTheName() throws Exception {
        start(Clock.systemUTC(), AccountLimits.DEFAULTS);
        String mallory = ApiCalls.signupAndLogin(http, server, "mallory@example.com");
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String carol = ApiCalls.signupAndLogin(http, server, "carol@example.com");
        String squat = socket(mallory, "http");
        assertEquals(200, setDomains(mallory, squat, "shop.example.org").status());
        List<String> malloryHears = new CopyOnWriteArrayList<>();
        server.events().subscribe(server.store().findUserByEmail("mallory@example.com").orElseThrow().id(),
                (name, json) -> malloryHears.add(name + " " + json));
        String real = socket(ann, "http");
        Reply claim = setDomains(ann, real, "SHOP.example.org");
        assertEquals(200, claim.status(), "a claim nobody proved does not keep the owner out: " + claim.json());
        String value = claim.json().get("custom_domains").get(0).get("txt_value").asText();
        assertTrue(!value.equals(domain(mallory, squat, "shop.example.org").get("txt_value").asText()),
                "each claim has its own value");

        dns.setTxt("_portway.shop.example.org", value);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(ann, real, "shop.example.org").equals("verified"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(mallory, squat, "shop.example.org")
                .equals("failed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> malloryHears.stream().anyMatch(e -> e.startsWith("socket ")
                && e.contains("\"name\":\"shop.example.org\",\"status\":\"failed\"")));
        String served = visit(server, "shop.example.org");
        assertTrue(served.contains("502"), "routed to the owner's socket: " + served);
        assertEquals(Map.of("shop.example.org", real), server.customDomains().served());
        assertEquals(200, call("PATCH", "sockets/" + squat, mallory, "{\"verify\":true}").status());
        assertEquals("failed", status(mallory, squat, "shop.example.org"), "verify cannot take it back");
        String late = socket(carol, "http");
        Reply taken = setDomains(carol, late, "shop.example.org");
        assertError(taken, 409, "name_taken");
        assertTrue(taken.json().at("/error/message").asText().contains("shop.example.org"));
        assertEquals("absent", status(carol, late, "shop.example.org"));
        assertError(setDomains(ann, socket(ann, "http"), "shop.example.org"), 409, "name_taken");

        assertEquals(204, call("DELETE", "sockets/" + real, ann, null).status());
        assertEquals(200, setDomains(carol, late, "shop.example.org").status(), "a name is free again with its"
                + " owner's socket gone");
    }

    private List<String> names(String token, String socketId) throws Exception {
        return call("GET", "sockets/" + socketId, token, null).json().get("custom_domains").findValuesAsText("name");
    }

    @Test
    void aVerifiedDomainIsServedAgainAfterARestart() throws Exception {
        start(Clock.systemUTC(), AccountLimits.DEFAULTS);
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String id = socket(token, "http");
        String value = setDomains(token, id, "kept.example.org").json().get("custom_domains").get(0)
                .get("txt_value").asText();
        dns.setTxt("_portway.kept.example.org", value);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(token, id, "kept.example.org").equals("verified"));
        server.close();
        servers.closedAlready();
        start(Clock.systemUTC(), AccountLimits.DEFAULTS);
        assertTrue(visit(server, "kept.example.org").contains("502"), "routed from the start");
        assertEquals(Map.of("kept.example.org", id), server.customDomains().served());
    }

    @Test
    void deletingTheSocketDropsItsDomains() throws Exception {
        start(Clock.systemUTC(), AccountLimits.DEFAULTS);
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String id = socket(token, "http");
        String value = setDomains(token, id, "gone.example.org").json().get("custom_domains").get(0)
                .get("txt_value").asText();
        dns.setTxt("_portway.gone.example.org", value);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(token, id, "gone.example.org").equals("verified"));
        assertTrue(visit(server, "gone.example.org").contains("502"));
        assertEquals(204, call("DELETE", "sockets/" + id, token, null).status());
        assertTrue(visit(server, "gone.example.org").contains("404"));
        assertTrue(server.store().findCustomDomain("gone.example.org").isEmpty());
        assertTrue(server.customDomains().served().isEmpty());
    }
}

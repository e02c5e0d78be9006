// E-mail sign-in through the API over real HTTP, on a real server with a real identity provider (and one without):
// allowed_emails and allowed_email_domains cleaned, stored and shown, every bad list refused with its code, one
// sign-in method per socket and the switch between them, oidc_issuer in the server info, and the socket event.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ApiTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailAccessApiTest extends ApiTestCase {
    TestIdentityProvider provider;

    @BeforeEach
    void start() throws Exception {
        provider = TestIdentityProvider.start();
        server = servers.start(TestServers.config(dir).withOidc(provider.settings()));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    static String message(Reply r) {
        return r.json().at("/error/message").asText();
    }

    static String list(JsonNode json, String field) {
        return json.get(field).toString();
    }

    @Test
    void addressesAndDomainsAreCleanedStoredAndShown() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "owner@example.com");
        Reply created = call("POST", "sockets", token, "{\"name\":\"wiki\",\"socket_type\":\"https\","
                + "\"allowed_emails\":[\" Ann@Example.ORG \",\"ann@example.org\",\"bob.o'neil+wiki@example.org\"],"
                + "\"allowed_email_domains\":[\"Example.COM\",\"example.com.\",\"team.example.net\"],"
                + "\"allow_ips\":[\"10.0.0.0/8\"]}");
        assertEquals(201, created.status(), String.valueOf(created.json()));
        assertEquals("[\"ann@example.org\",\"bob.o'neil+wiki@example.org\"]", list(created.json(), "allowed_emails"));
        assertEquals("[\"example.com\",\"team.example.net\"]", list(created.json(), "allowed_email_domains"));
        assertFalse(created.json().get("protected").asBoolean());
        assertEquals("[\"10.0.0.0/8\"]", list(created.json(), "allow_ips"), "the allow list applies on top");
        String id = created.json().get("socket_id").asText();

        JsonNode shown = call("GET", "sockets/" + id, token, null).json();
        assertEquals(list(created.json(), "allowed_emails"), list(shown, "allowed_emails"));
        assertEquals(list(created.json(), "allowed_email_domains"), list(shown, "allowed_email_domains"));
        JsonNode listed = call("GET", "sockets", token, null).json().get(0);
        assertEquals(list(created.json(), "allowed_email_domains"), list(listed, "allowed_email_domains"));

        Reply domainsOnly = call("PATCH", "sockets/" + id, token, "{\"allowed_email_domains\":[],"
                + "\"name\":\"wiki2\"}");
        assertEquals(200, domainsOnly.status(), String.valueOf(domainsOnly.json()));
        assertEquals("[]", list(domainsOnly.json(), "allowed_email_domains"), "[] empties");
        assertEquals(list(created.json(), "allowed_emails"), list(domainsOnly.json(), "allowed_emails"),
                "a list left out keeps its value");
        Reply replaced = call("PATCH", "sockets/" + id, token, "{\"allowed_emails\":[\"CAROL@example.org\"]}");
        assertEquals("[\"carol@example.org\"]", list(replaced.json(), "allowed_emails"));

        server.close(); // the store (a real SQLite file) keeps the lists across a restart
        server = servers.start(TestServers.config(dir).withOidc(provider.settings()));
        JsonNode again = call("GET", "sockets/" + id, token, null).json();
        assertEquals("[\"carol@example.org\"]", list(again, "allowed_emails"));
        assertEquals("[]", list(again, "allowed_email_domains"));
        assertEquals("wiki2", again.get("name").asText());

        Reply anyone = call("PATCH", "sockets/" + id, token, "{\"allowed_emails\":[],\"allowed_email_domains\":[]}");
        assertEquals("[]", list(anyone.json(), "allowed_emails"));
        assertEquals("[\"10.0.0.0/8\"]", list(anyone.json(), "allow_ips"));
    }

    @Test
    void everyBadListIsRefusedWithItsCodeAndNothingIsCreated() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "owner@example.com");
        for (String bad : List.of("ann", "@example.org", "ann@", "ann@localhost", "Ann <ann@example.org>",
                "ann,bob@example.org", "ann@exa mple.org", "ann@10.0.0.1", "ann@[10.0.0.1]", "\"ann\"@example.org",
                "ann..b@example.org", "x".repeat(65) + "@example.org", "a@" + String.join(".", Collections.nCopies(5,
                "b".repeat(60))) + ".org", "ännä@example.org", "")) {
            Reply r = call("POST", "sockets", token, "{\"allowed_emails\":" + Json.mapper()
                    .writeValueAsString(List.of(bad)) + "}");
            assertError(r, 400, "invalid_email");
        }
        assertError(call("POST", "sockets", token, "{\"allowed_emails\":[null]}"), 400, "invalid_email");
        Reply tooMany = call("POST", "sockets", token, "{\"allowed_emails\":" + Json.mapper().writeValueAsString(
                Collections.nCopies(101, "ann@example.org")) + "}");
        assertError(tooMany, 400, "invalid_email");
        assertTrue(message(tooMany).contains("at most 100"), message(tooMany));

        for (String bad : List.of("example", "*.example.org", "ann@example.org", "10.0.0.1", "exa mple.org",
                "-example.org", "ex_ample.org", "")) {
            Reply r = call("POST", "sockets", token, "{\"allowed_email_domains\":" + Json.mapper()
                    .writeValueAsString(List.of(bad)) + "}");
            assertError(r, 400, "invalid_domain");
        }
        Reply at = call("POST", "sockets", token, "{\"allowed_email_domains\":[\"@example.org\"]}");
        assertError(at, 400, "invalid_domain");
        assertTrue(message(at).contains("without the @, like example.org"), message(at));
        assertError(call("POST", "sockets", token, "{\"allowed_email_domains\":" + Json.mapper().writeValueAsString(
                Collections.nCopies(101, "example.org")) + "}"), 400, "invalid_domain");

        for (String type : List.of("tcp", "tls")) {
            Reply raw = call("POST", "sockets", token, "{\"socket_type\":\"" + type + "\","
                    + "\"allowed_email_domains\":[\"example.org\"]}");
            assertError(raw, 400, "invalid_protection");
            assertTrue(message(raw).contains("--allow-ip"), message(raw));
        }
        Reply tcp = call("POST", "sockets", token, "{\"socket_type\":\"tcp\",\"allowed_emails\":[],"
                + "\"allowed_email_domains\":[]}");
        assertEquals(201, tcp.status(), "empty lists ask for nothing: " + tcp.json());
        assertError(call("PATCH", "sockets/" + tcp.json().get("socket_id").asText(), token,
                "{\"allowed_emails\":[\"ann@example.org\"]}"), 400, "invalid_protection");
        assertEquals(1, call("GET", "sockets", token, null).json().size(), "refused requests left nothing");
    }

    @Test
    void aSocketHasOneSignInMethodAndSwitchesInOneRequest() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "owner@example.com");
        Reply both = call("POST", "sockets", token, "{\"protected\":true,\"username\":\"ann\",\"password\":\"s3cret\","
                + "\"allowed_emails\":[\"ann@example.org\"]}");
        assertError(both, 400, "invalid_protection");
        assertTrue(message(both).contains("one sign-in method"), message(both));

        Reply created = call("POST", "sockets", token, "{\"protected\":true,\"username\":\"ann\","
                + "\"password\":\"s3cret\",\"allow_ips\":[\"127.0.0.1\"]}");
        String id = created.json().get("socket_id").asText();
        Reply added = call("PATCH", "sockets/" + id, token, "{\"allowed_email_domains\":[\"example.org\"]}");
        assertError(added, 400, "invalid_protection");
        assertTrue(message(added).contains("\"protected\":false") && message(added).contains("--unprotected"),
                message(added));
        assertTrue(call("GET", "sockets/" + id, token, null).json().get("protected").asBoolean(), "nothing changed");

        Reply toEmail = call("PATCH", "sockets/" + id, token, "{\"protected\":false,"
                + "\"allowed_email_domains\":[\"example.org\"]}");
        assertEquals(200, toEmail.status(), String.valueOf(toEmail.json()));
        assertFalse(toEmail.json().get("protected").asBoolean());
        assertTrue(toEmail.json().path("username").isMissingNode(), "the password's user went with it");
        assertEquals("[\"example.org\"]", list(toEmail.json(), "allowed_email_domains"));
        assertEquals("[\"127.0.0.1/32\"]", list(toEmail.json(), "allow_ips"), "the allow list stays on top");

        for (String asks : List.of("{\"protected\":true,\"username\":\"ann\",\"password\":\"s3cret\"}",
                "{\"password\":\"s3cret\",\"username\":\"ann\"}",
                "{\"protected\":true,\"username\":\"ann\",\"password\":\"s3cret\",\"allowed_emails\":[]}")) {
            Reply protect = call("PATCH", "sockets/" + id, token, asks);
            assertError(protect, 400, "invalid_protection");
            assertTrue(message(protect).contains("--allow-any-email"), asks + ": " + message(protect));
        }
        Reply toPassword = call("PATCH", "sockets/" + id, token, "{\"protected\":true,\"username\":\"ann\","
                + "\"password\":\"s3cret\",\"allowed_emails\":[],\"allowed_email_domains\":[]}");
        assertEquals(200, toPassword.status(), String.valueOf(toPassword.json()));
        assertTrue(toPassword.json().get("protected").asBoolean());
        assertEquals("ann", toPassword.json().get("username").asText());
        assertEquals("[]", list(toPassword.json(), "allowed_email_domains"));
        assertEquals("[\"127.0.0.1/32\"]", list(toPassword.json(), "allow_ips"));
    }

    @Test
    void theServerInfoNamesTheIssuer() throws Exception {
        assertEquals(provider.issuer().toString(), call("GET", "server", null, null).json().get("oidc_issuer")
                .asText());
    }

    @Test
    void withoutAProviderNoSocketAsksForAnEmailAddress() throws Exception {
        server.close();
        server = servers.start(TestServers.config(dir));
        assertTrue(call("GET", "server", null, null).json().path("oidc_issuer").isMissingNode(), "no issuer");
        String token = ApiCalls.signupAndLogin(http, server, "owner@example.com");
        Reply asked = call("POST", "sockets", token, "{\"allowed_emails\":[\"ann@example.org\"]}");
        assertError(asked, 400, "oidc_not_configured");
        assertTrue(message(asked).contains("--oidc-issuer"), message(asked));
        String id = call("POST", "sockets", token, "{\"name\":\"web\"}").json().get("socket_id").asText();
        assertError(call("PATCH", "sockets/" + id, token, "{\"allowed_email_domains\":[\"example.org\"]}"), 400,
                "oidc_not_configured");
        Reply cleared = call("PATCH", "sockets/" + id, token, "{\"allowed_emails\":[],\"allowed_email_domains\":[]}");
        assertEquals(200, cleared.status(), "clearing asks for no provider: " + cleared.json());
    }

    @Test
    void nobodyElseSeesOrChangesASocketsEmailAccess() throws Exception {
        String alice = ApiCalls.signupAndLogin(http, server, "alice@example.com");
        String bob = ApiCalls.signupAndLogin(http, server, "bob@example.com");
        String id = call("POST", "sockets", alice, "{\"allowed_emails\":[\"ann@example.org\"]}").json()
                .get("socket_id").asText();

        assertError(call("GET", "sockets/" + id, bob, null), 404, "not_found");
        assertError(call("PATCH", "sockets/" + id, bob, "{\"allowed_emails\":[\"bob@example.com\"]}"), 404,
                "not_found");
        assertError(call("PATCH", "sockets/" + id, bob, "{\"allowed_emails\":[]}"), 404, "not_found");
        assertEquals(0, call("GET", "sockets", bob, null).json().size());
        assertEquals("[\"ann@example.org\"]", list(call("GET", "sockets/" + id, alice, null).json(),
                "allowed_emails"));
    }

    @Test
    void theAdminSeesEachSocketsEmailAccess() throws Exception {
        String admin = ApiCalls.signupAndLogin(http, server, "root@example.com");
        String user = ApiCalls.signupAndLogin(http, server, "user@example.com");
        call("POST", "sockets", user, "{\"allowed_email_domains\":[\"example.org\"]}");
        JsonNode listed = call("GET", "admin/sockets", admin, null).json().get(0);
        assertEquals("[\"example.org\"]", list(listed, "allowed_email_domains"));
        assertEquals("[]", list(listed, "allowed_emails"));
        assertFalse(listed.get("protected").asBoolean());
    }

    @Test
    void theSocketEventCarriesTheLists() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "owner@example.com");
        String id = call("POST", "sockets", token, "{\"name\":\"web\"}").json().get("socket_id").asText();
        try (RawApiClient events = RawApiClient.events(server.config().apiPort(), token, "127.0.0.1")) {
            assertEquals(200, events.status());
            assertTrue(events.ready());
            assertEquals(200, call("PATCH", "sockets/" + id, token, "{\"allowed_emails\":[\"Ann@example.org\"],"
                    + "\"allowed_email_domains\":[\"example.net\"]}").status());
            JsonNode event = Json.mapper().readTree(events.nextData("socket"));
            assertEquals(id, event.get("socket_id").asText());
            assertEquals("[\"ann@example.org\"]", list(event, "allowed_emails"));
            assertEquals("[\"example.net\"]", list(event, "allowed_email_domains"));
        }
    }
}

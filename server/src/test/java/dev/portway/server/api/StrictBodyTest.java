// API request bodies over real HTTP: an unknown field (a typo) or a missing required one is a 400 naming it, and
// nothing is created or changed, instead of the field being dropped in silence.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ApiTestCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StrictBodyTest extends ApiTestCase {
    static final String SOCKET_FIELDS = "(fields: name, socket_type, protected, username, password, allow_ips,"
            + " subdomain, allowed_emails, allowed_email_domains)";

    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir);
    }

    static String message(Reply r) {
        return r.json().at("/error/message").asText();
    }

    @Test
    void aMistypedAllowListIsRefusedNotDroppedLeavingTheSocketOpen() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "typo@example.com");

        Reply typo = call("POST", "sockets", token, "{\"allowed_ips\":[\"1.2.3.4/99\"]}");
        assertError(typo, 400, "unknown_field");
        assertEquals("unknown field 'allowed_ips' in the request body; did you mean 'allow_ips'? " + SOCKET_FIELDS,
                message(typo));
        assertEquals(0, call("GET", "sockets", token, null).json().size(), "no socket open to everyone");

        assertError(call("POST", "sockets", token, "{\"allow_ips\":[\"1.2.3.4/99\"]}"), 400, "invalid_allow_ip");
        Reply right = call("POST", "sockets", token, "{\"allow_ips\":[\"1.2.3.4/32\"]}");
        assertEquals(201, right.status(), String.valueOf(right.json()));
        assertEquals("1.2.3.4/32", right.json().at("/allow_ips/0").asText());
    }

    @Test
    void aTypeFieldIsRefusedNotTakenForAnHttpSocket() throws Exception {
        String token = ApiCalls.signupAndLogin(http, server, "ftp@example.com");

        Reply typo = call("POST", "sockets", token, "{\"type\":\"ftp\"}");
        assertError(typo, 400, "unknown_field");
        assertEquals("unknown field 'type' in the request body; did you mean 'socket_type'? " + SOCKET_FIELDS,
                message(typo));
        assertEquals(0, call("GET", "sockets", token, null).json().size());
        assertError(call("POST", "sockets", token, "{\"socket_type\":\"ftp\"}"), 400, "invalid_socket_type");

        Reply several = call("POST", "sockets", token, "{\"name\":\"web\",\"type\":\"tcp\",\"colour\":\"red\"}");
        assertError(several, 400, "unknown_field");
        assertEquals("unknown fields 'type' (did you mean 'socket_type'?) and 'colour' in the request body "
                + SOCKET_FIELDS, message(several));
    }

    @Test
    void signInAndSignUpWithoutCredentialsNameWhatIsMissing() throws Exception {
        Reply empty = call("POST", "login", null, "{}");
        assertError(empty, 400, "missing_field");
        assertEquals("missing fields 'email' and 'password' in the request body (fields: email, password)",
                message(empty));
        Reply noPassword = call("POST", "login", null, "{\"email\":\"ann@example.com\",\"password\":null}");
        assertError(noPassword, 400, "missing_field");
        assertTrue(message(noPassword).startsWith("missing field 'password' "), message(noPassword));
        assertError(call("POST", "accounts", null, "{}"), 400, "missing_field");
        assertError(call("POST", "login", null, "{\"mail\":\"ann@example.com\",\"password\":\"password1\"}"), 400,
                "unknown_field");

        ApiCalls.signupAndLogin(http, server, "ann@example.com");
        assertError(call("POST", "login", null, "{\"email\":\"ann@example.com\",\"password\":\"wrong-one\"}"), 401,
                "invalid_credentials");
    }

    @Test
    void anUnknownFieldInAPatchChangesNothing() throws Exception {
        String admin = ApiCalls.signupAndLogin(http, server, "admin@example.com");
        Reply created = call("POST", "sockets", admin, "{\"name\":\"web\",\"allow_ips\":[\"10.0.0.0/8\"]}");
        String path = "sockets/" + created.json().get("socket_id").asText();

        Reply typo = call("PATCH", path, admin, "{\"name\":\"renamed\",\"allowed_ips\":[]}");
        assertError(typo, 400, "unknown_field");
        assertEquals("unknown field 'allowed_ips' in the request body; did you mean 'allow_ips'? (fields: name,"
                + " protected, username, password, allow_ips, custom_domains, verify, allowed_emails,"
                + " allowed_email_domains)", message(typo));
        Reply kept = call("GET", path, admin, null);
        assertEquals("web", kept.json().get("name").asText());
        assertEquals("10.0.0.0/8", kept.json().at("/allow_ips/0").asText());

        String userId = ApiCalls.call(http, server, "GET", "account", admin, null).json().get("user_id").asText();
        Reply adminTypo = call("PATCH", "admin/users/" + userId, admin, "{\"max_socket\":5}");
        assertError(adminTypo, 400, "unknown_field");
        assertTrue(message(adminTypo).contains("did you mean 'max_sockets'?"), message(adminTypo));
        assertError(call("PATCH", "admin/server", admin, "{\"signup_open\":false}"), 400, "unknown_field");
        assertTrue(call("GET", "admin/server", admin, null).json().get("signup").asBoolean(), "sign-up still open");
    }
}

// One API call as the tests make it: a request to a running server's /api/v1, and its status and JSON body.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public final class ApiCalls {
    private ApiCalls() {
    }

    /** An answer: its status and its JSON body (null when empty). */
    public record Reply(int status, JsonNode json) {
    }

    /** path: below /api/v1/; token and body may be null. */
    public static Reply call(HttpClient http, PortwayServer server, String method, String path, String token,
                             String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.config().apiPort() + "/api/v1/" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), res.body().isEmpty() ? null : Json.mapper().readTree(res.body()));
    }

    /** Signs a new account up (password "password1") and in; its token. */
    public static String signupAndLogin(HttpClient http, PortwayServer server, String email) throws Exception {
        String creds = "{\"email\":\"" + email + "\",\"password\":\"password1\"}";
        assertEquals(201, call(http, server, "POST", "accounts", null, creds).status());
        Reply login = call(http, server, "POST", "login", null, creds);
        assertEquals(200, login.status());
        return login.json().get("token").asText();
    }

    /** The API's error shape: the status, the code, and a message that says something. */
    public static void assertError(Reply r, int status, String code) {
        assertEquals(status, r.status(), String.valueOf(r.json()));
        assertEquals(code, r.json().at("/error/code").asText(), String.valueOf(r.json()));
        assertFalse(r.json().at("/error/message").asText().isBlank());
    }
}

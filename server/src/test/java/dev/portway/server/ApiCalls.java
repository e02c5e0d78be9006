// One API call as the tests make it: a request to a running server's /api/v1, and its status and JSON body.
package dev.portway.server;

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
}

// The API tests' HTTP client and call helpers on the shared server fixture, declared once here instead of again in
// each test class.
package dev.portway.server;

import dev.portway.server.ApiCalls.Reply;
import java.net.http.HttpClient;

/** Extend it and start the server in a {@code @BeforeEach} or in the test; the helpers call {@link #server}. */
public abstract class ApiTestCase extends ServerTestCase {
    protected final HttpClient http = HttpClient.newHttpClient();

    /** One API call to {@link #server}; path below /api/v1/, token and body may be null. */
    protected Reply call(String method, String path, String token, String body) throws Exception {
        return ApiCalls.call(http, server, method, path, token, body);
    }

    /** Signs a new account up and in on {@link #server}; its token. */
    protected String signupAndLogin(String email) throws Exception {
        return ApiCalls.signupAndLogin(http, server, email);
    }
}

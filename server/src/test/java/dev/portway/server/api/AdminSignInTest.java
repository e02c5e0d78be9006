// The admin page's sign-in through the app's one-time code, over real HTTP: only an admin mints a code, a code works
// once, the redirect leaves no code (and no token) in any URL, and guessing is capped per address.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ServerTestCase;
import dev.portway.server.security.Limits;
import dev.portway.server.security.LoginCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminSignInTest extends ServerTestCase {
    private static final Pattern HANDOVER = Pattern.compile(AdminSignIn.HANDOVER_COOKIE + "=([^;]+)");

    /** Follows no redirect (the default): each answer is looked at as the browser gets it. */
    final HttpClient http = HttpClient.newHttpClient();
    String admin;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir);
        admin = ApiCalls.signupAndLogin(http, server, "root@example.com");
    }

    private Reply mint(String token) throws Exception {
        return ApiCalls.call(http, server, "POST", "admin/login-codes", token, null);
    }

    private HttpResponse<String> open(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.config().apiPort()
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String handedOver(HttpResponse<String> res) {
        Matcher m = HANDOVER.matcher(res.headers().firstValue("Set-Cookie").orElse(""));
        assertTrue(m.find(), "the handover cookie: " + res.headers().map());
        return m.group(1);
    }

    @Test
    void aCodeSignsTheAdminInOnceAndTheRedirectDropsIt() throws Exception {
        Reply minted = mint(admin);
        assertEquals(201, minted.status(), String.valueOf(minted.json()));
        String code = minted.json().get("code").asText();
        assertEquals("/admin/login?code=" + code, minted.json().get("login_path").asText());
        assertEquals(LoginCodes.LIFETIME.toSeconds(), minted.json().get("expires_in").asLong());

        HttpResponse<String> first = open(minted.json().get("login_path").asText());
        assertEquals(303, first.statusCode(), first.body());
        assertEquals("/admin", first.headers().firstValue("Location").orElse(null), "no code in the next URL");
        String cookie = first.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("Path=/admin") && cookie.contains("Max-Age=60")
                && cookie.contains("SameSite=Strict"), cookie);
        assertEquals("no-store", first.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-referrer", first.headers().firstValue("Referrer-Policy").orElse(null));
        String token = handedOver(first);
        assertFalse(token.equals(admin), "a session of its own, not the app's token");
        Reply me = ApiCalls.call(http, server, "GET", "account", token, null);
        assertEquals(200, me.status());
        assertEquals("root@example.com", me.json().get("email").asText());
        assertTrue(ApiCalls.call(http, server, "GET", "admin/audit", admin, null).json().toString()
                .contains("one-time code"), "the sign-in is in the audit log");

        HttpResponse<String> again = open(minted.json().get("login_path").asText());
        assertEquals(400, again.statusCode(), "a second use is refused");
        assertTrue(again.body().contains("does not work"), again.body());
        assertTrue(again.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertFalse(again.headers().firstValue("Set-Cookie").isPresent(), "and signs no one in");
    }

    @Test
    void onlyAnAdminMintsCodesAndOnlyAFewAtATime() throws Exception {
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        assertError(mint(ann), 403, "forbidden");
        assertError(mint(null), 401, "unauthorized");
        for (int i = 0; i < LoginCodes.OUTSTANDING_PER_USER; i++) {
            assertEquals(201, mint(admin).status());
        }
        Reply over = mint(admin);
        assertError(over, 429, "too_many_attempts");
    }

    @Test
    void aCodeOfAnAdminWhoLostTheRoleIsRefused() throws Exception {
        String ann = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String annId = ApiCalls.call(http, server, "GET", "account", ann, null).json().get("user_id").asText();
        assertEquals(200, ApiCalls.call(http, server, "PATCH", "admin/users/" + annId, admin,
                "{\"admin\":true}").status());
        String path = mint(ann).json().get("login_path").asText();
        assertEquals(200, ApiCalls.call(http, server, "PATCH", "admin/users/" + annId, admin,
                "{\"admin\":false}").status());
        HttpResponse<String> res = open(path);
        assertEquals(400, res.statusCode(), res.body());
        assertFalse(res.headers().firstValue("Set-Cookie").isPresent());
    }

    @Test
    void guessedCodesAreCappedPerAddress() throws Exception {
        assertEquals(400, open("/admin/login").statusCode(), "no code at all is refused, and counts");
        for (int i = 1; i < Limits.LOGIN_CODE_FAILURES_PER_ADDRESS; i++) {
            assertEquals(400, open("/admin/login?code=guess" + i).statusCode());
        }
        String path = mint(admin).json().get("login_path").asText();
        HttpResponse<String> capped = open(path);
        assertEquals(429, capped.statusCode(), "even a good code waits past the cap");
        assertTrue(Long.parseLong(capped.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertFalse(capped.headers().firstValue("Set-Cookie").isPresent());
    }
}

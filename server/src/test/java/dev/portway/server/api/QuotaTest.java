// Account quotas over real HTTP on a real server: dedicated ports per account (403 quota_exceeded), racing creations
// that never pass a cap, sign-ups per client address (429 with Retry-After), and an admin raising one account's
// limits while a user may not.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.ApiTestCase;
import dev.portway.server.config.AccountLimits;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.TestServers;
import dev.portway.server.reliability.AttackCase;
import dev.portway.server.security.SignupRate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuotaTest extends ApiTestCase {
    /** A server with these account limits and a range of `ports` tcp ports that are free here now. */
    private void start(AccountLimits limits, int ports) throws Exception {
        server = servers.start(TestServers.configWithFreePorts(dir, ports).withQuotas(limits));
    }

    private String signUp(String email) throws Exception {
        return ApiCalls.signupAndLogin(http, server, email);
    }

    private Reply create(String token, String type) throws Exception {
        return call("POST", "sockets", token, "{\"socket_type\":\"" + type + "\"}");
    }

    @Test
    @AttackCase(value = "dedicated ports: one account's share",
            expected = "past --max-ports-per-user tcp/tls sockets: 403 quota_exceeded, no port left bound")
    void anAccountMayHoldMaxPortsPerUserDedicatedPorts() throws Exception {
        start(new AccountLimits(100, 20, 2, SignupRate.DEFAULT), 8);
        String ann = signUp("ann@example.com");
        Reply tcp = create(ann, "tcp");
        assertEquals(201, tcp.status(), String.valueOf(tcp.json()));
        assertEquals(201, create(ann, "tls").status());
        Reply refused = create(ann, "tcp");
        assertError(refused, 403, "quota_exceeded");
        assertTrue(refused.json().at("/error/message").asText().contains("2 tcp, tls or udp sockets"),
                refused.json().toString());
        assertError(create(ann, "tls"), 403, "quota_exceeded");
        assertEquals(201, create(ann, "http").status(), "http sockets hold no port of their own");
        assertEquals(2, call("GET", "admin/server", ann, null).json().get("tcp_ports_in_use").size(),
                "the refused creations left no port bound");
        assertEquals(201, create(signUp("bob@example.com"), "tcp").status(), "the cap is per account");
        assertEquals(204, call("DELETE", "sockets/" + tcp.json().get("socket_id").asText(), ann, null).status());
        assertEquals(201, create(ann, "tcp").status(), "a deleted tcp socket frees its place");
        JsonNode account = call("GET", "account", ann, null).json();
        assertEquals(100, account.get("max_sockets").asInt());
        assertEquals(2, account.get("max_ports").asInt());
    }

    @Test
    @AttackCase(value = "quotas: racing creations",
            expected = "10 socket creations at once never pass the socket or port cap (check and insert in one " +
                    "transaction)")
    void racingCreationsNeverPassACap() throws Exception {
        start(new AccountLimits(6, 20, 3, SignupRate.DEFAULT), 12);
        String token = signUp("race@example.com");
        List<Reply> raw = race(10, () -> create(token, "tcp"));
        assertEquals(3, raw.stream().filter(r -> r.status() == 201).count(), raw.toString());
        raw.stream().filter(r -> r.status() != 201).forEach(r -> assertError(r, 403, "quota_exceeded"));
        List<Reply> http = race(10, () -> create(token, "http"));
        assertEquals(3, http.stream().filter(r -> r.status() == 201).count(), http.toString());
        http.stream().filter(r -> r.status() != 201).forEach(r -> assertError(r, 403, "limit_reached"));
        assertEquals(6, call("GET", "sockets", token, null).json().size());
    }

    @Test
    @AttackCase(value = "sign-ups from one address",
            expected = "past --signup-rate: 429 too_many_attempts with Retry-After; another address still signs up")
    void signUpsAreLimitedPerAddress() throws Exception {
        start(new AccountLimits(100, 20, 10, SignupRate.parse("3/h")), 1);
        assertError(call("POST", "accounts", null, "{\"email\":\"nope\",\"password\":\"password1\"}"), 400,
                "invalid_email");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, call("POST", "accounts", null, credentials("u" + i + "@example.com")).status());
        }
        Raw refused = signUpFrom("127.0.0.1", "u3@example.com");
        assertEquals(429, refused.status(), refused.body());
        JsonNode error = Json.mapper().readTree(refused.body());
        assertEquals("too_many_attempts", error.at("/error/code").asText());
        assertTrue(error.at("/error/message").asText().contains("3 per hour"), refused.body());
        long retryAfter = Long.parseLong(refused.header("retry-after"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertEquals(201, signUpFrom("127.0.0.2", "u3@example.com").status(), "another address may sign up");
        assertEquals(200, call("POST", "login", null, credentials("u0@example.com")).status(),
                "signing in is not signing up");
    }

    @Test
    @AttackCase(value = "quotas: an admin raises one account's limits",
            expected = "PATCH /api/v1/admin/users/{id} max_sockets/max_ports: the next create succeeds; null goes "
                    + "back to the default")
    void anAdminRaisesOneAccountsLimitsAndResetsThem() throws Exception {
        start(new AccountLimits(100, 20, 1, SignupRate.DEFAULT), 6);
        String admin = signUp("root@example.com");
        String user = signUp("user@example.com");
        String userId = call("GET", "account", user, null).json().get("user_id").asText();
        assertEquals(201, create(user, "tcp").status());
        assertError(create(user, "tcp"), 403, "quota_exceeded");

        Reply raised = call("PATCH", "admin/users/" + userId, admin, "{\"max_ports\":3,\"max_sockets\":50}");
        assertEquals(200, raised.status(), String.valueOf(raised.json()));
        assertEquals(3, raised.json().get("max_ports").asInt());
        assertEquals(50, raised.json().get("max_sockets").asInt());
        assertEquals(3, raised.json().get("own_max_ports").asInt());
        assertEquals(50, raised.json().get("own_max_sockets").asInt());
        assertEquals(1, raised.json().get("ports").asInt());
        assertEquals(201, create(user, "tcp").status(), "the raised limit is in force at once");
        assertEquals(3, call("GET", "account", user, null).json().get("max_ports").asInt());

        Reply same = call("PATCH", "admin/users/" + userId, admin, "{\"disabled\":false}");
        assertEquals(3, same.json().get("max_ports").asInt(), "a field left out is left as it is");
        JsonNode audit = call("GET", "admin/audit", admin, null).json().get("entries").get(0);
        assertEquals("user.limits", audit.get("action").asText());
        assertEquals("max_sockets 50, max_ports 3", audit.get("detail").asText());

        Reply reset = call("PATCH", "admin/users/" + userId, admin, "{\"max_ports\":null,\"max_sockets\":null}");
        assertEquals(1, reset.json().get("max_ports").asInt(), "null: the server's default again");
        assertEquals(100, reset.json().get("max_sockets").asInt());
        assertFalse(reset.json().has("own_max_ports") || reset.json().has("own_max_sockets"), reset.json().toString());
        assertError(create(user, "tcp"), 403, "quota_exceeded");

        for (String bad : List.of("-1", "\"ten\"", "2.5", "10000000000")) {
            assertError(call("PATCH", "admin/users/" + userId, admin, "{\"max_ports\":" + bad + "}"), 400,
                    "bad_request");
        }
        assertEquals(1, call("GET", "account", user, null).json().get("max_ports").asInt());
    }

    @Test
    void aUserCannotRaiseTheirOwnLimits() throws Exception {
        start(new AccountLimits(100, 20, 1, SignupRate.DEFAULT), 4);
        signUp("root@example.com");
        String user = signUp("user@example.com");
        String userId = call("GET", "account", user, null).json().get("user_id").asText();
        assertError(call("PATCH", "admin/users/" + userId, user, "{\"max_ports\":100}"), 403, "forbidden");
        assertEquals(1, call("GET", "account", user, null).json().get("max_ports").asInt());
        assertEquals(201, create(user, "tcp").status());
        assertError(create(user, "tcp"), 403, "quota_exceeded");
    }

    private static String credentials(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"password1\"}";
    }

    /** Runs n copies of the call at once (released together); their replies. */
    private static List<Reply> race(int n, Callable<Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** An answer read off the wire: status, headers (names lower-cased) and body. */
    private record Raw(int status, List<String> headers, String body) {
        String header(String name) {
            return headers.stream().filter(h -> h.startsWith(name + ":")).map(h -> h.substring(name.length() + 1)
                    .strip()).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + headers));
        }
    }

    /** A sign-up sent from a given loopback address (all of 127/8 is this machine's). */
    private Raw signUpFrom(String source, String email) throws Exception {
        byte[] body = credentials(email).getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.config().apiPort()), 10_000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            List<String> head = answer.substring(0, split).lines().toList();
            List<String> headers = head.subList(1, head.size()).stream()
                    .map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
            return new Raw(Integer.parseInt(head.get(0).split(" ")[1]), headers, answer.substring(split + 4));
        }
    }
}

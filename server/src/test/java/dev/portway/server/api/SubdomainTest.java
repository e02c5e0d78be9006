// Names people choose, over real HTTP against a real server on SQLite: "subdomain" makes the socket NAME.DOMAIN,
// lower-cased; a label DNS refuses is 400 invalid_subdomain; a name someone has, or a reserved one, is 409 name_taken,
// also when many ask for it at once.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Json;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ServerTestCase;
import dev.portway.server.config.NameRules;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubdomainTest extends ServerTestCase {
    final HttpClient http = HttpClient.newHttpClient();

    private void start(ServerConfig config) throws Exception {
        server = servers.start(config);
    }

    private Reply create(String token, String type, String subdomain) throws Exception {
        String body = Json.mapper().writeValueAsString(subdomain == null ? Map.of("socket_type", type)
                : Map.of("socket_type", type, "subdomain", subdomain));
        return ApiCalls.call(http, server, "POST", "sockets", token, body);
    }

    private String login(String email) throws Exception {
        return ApiCalls.signupAndLogin(http, server, email);
    }

    @Test
    void aFreeNameBecomesTheSocketsDnsNameAndUrlForEveryType() throws Exception {
        start(TestServers.config(dir));
        String token = login("ann@example.com");
        Reply web = create(token, "http", "myapp");
        assertEquals(201, web.status(), String.valueOf(web.json()));
        assertEquals("myapp.localhost", web.json().get("dns_name").asText());
        assertEquals("http://myapp.localhost:" + server.config().httpPort() + "/", web.json().get("url").asText());

        Reply upper = create(token, "https", "My-App-2");
        assertEquals(201, upper.status(), String.valueOf(upper.json()));
        assertEquals("my-app-2.localhost", upper.json().get("dns_name").asText(), "DNS ignores case: lower-cased");
        assertEquals("https://my-app-2.localhost:" + server.config().httpsPort() + "/",
                upper.json().get("url").asText());

        Reply tcp = create(token, "tcp", "ssh");
        assertEquals(201, tcp.status(), String.valueOf(tcp.json()));
        int port = tcp.json().get("tcp_port").asInt();
        assertEquals("ssh.localhost:" + port, tcp.json().get("address").asText());
        Reply tls = create(token, "tls", "x".repeat(63));
        assertEquals(201, tls.status(), String.valueOf(tls.json()));
        assertEquals("x".repeat(63) + ".localhost", tls.json().get("dns_name").asText());

        Reply listed = ApiCalls.call(http, server, "GET", "sockets/" + web.json().get("socket_id").asText(), token,
                null);
        assertEquals("myapp.localhost", listed.json().get("dns_name").asText(), "kept as stored");
        Reply random = create(token, "http", null);
        assertTrue(random.json().get("dns_name").asText().matches("[a-z]+-[a-z]+-\\d{4}\\.localhost"),
                "without a subdomain names stay random: " + random.json());
    }

    @Test
    void labelsDnsRefusesAreInvalidSubdomainSayingWhy() throws Exception {
        start(TestServers.config(dir));
        String token = login("bo@example.com");
        Map<String, String> cases = Map.of(
                "", "empty",
                "x".repeat(64), "64 characters",
                "-app", "hyphen",
                "app-", "hyphen",
                "my_app", "\"_\"",
                "my app", "spaces",
                "app.example", "dots",
                "caf\u00e9", "\"\u00e9\"",
                "a\nb", "U+000A");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Reply r = create(token, "http", c.getKey());
            assertError(r, 400, "invalid_subdomain");
            String message = r.json().at("/error/message").asText();
            assertTrue(message.startsWith("the subdomain ") && message.contains(c.getValue()), message);
        }
        assertEquals("[]", ApiCalls.call(http, server, "GET", "sockets", token, null).json().toString(),
                "nothing was created");
    }

    @Test
    void aNameTakenByAnyoneOrReservedByDefaultIsNameTaken() throws Exception {
        start(TestServers.config(dir));
        String ann = login("ann@example.com");
        String bo = login("bo@example.com");
        Reply first = create(ann, "http", "shop");
        assertEquals(201, first.status());

        Reply other = create(bo, "http", "SHOP");
        assertError(other, 409, "name_taken");
        assertEquals("shop.localhost is taken; pick another subdomain", other.json().at("/error/message").asText(),
                "another user's socket is not named to them");
        Reply raw = create(bo, "tcp", "shop");
        assertError(raw, 409, "name_taken");
        Reply own = create(ann, "tls", "shop");
        assertError(own, 409, "name_taken");
        assertTrue(own.json().at("/error/message").asText().contains(first.json().get("socket_id").asText()),
                own.json().toString());

        for (String reserved : NameRules.DEFAULTS.reserved()) {
            Reply r = create(bo, "http", reserved.toUpperCase(java.util.Locale.ROOT));
            assertError(r, 409, "name_taken");
            assertEquals(reserved + ".localhost is reserved on this server; pick another subdomain",
                    r.json().at("/error/message").asText());
        }
        assertEquals(List.of("api", "admin", "www", "auth", "mail"), NameRules.DEFAULTS.reserved());
        assertEquals(0, ApiCalls.call(http, server, "GET", "sockets", bo, null).json().size());
    }

    @Test
    void customReservedNamesReplaceTheDefaults() throws Exception {
        start(TestServers.config(dir).withNames(new NameRules(List.of("status", "Docs"), null)));
        String token = login("cy@example.com");
        assertError(create(token, "http", "status"), 409, "name_taken");
        assertError(create(token, "http", "docs"), 409, "name_taken");
        Reply www = create(token, "http", "www");
        assertEquals(201, www.status(), "www is no longer reserved: " + www.json());
        assertEquals("www.localhost", www.json().get("dns_name").asText());
    }

    @Test
    void racingCreationsOfOneNameLeaveOneWinner() throws Exception {
        start(TestServers.config(dir));
        int n = 5; // the default --signup-rate lets one address open five accounts an hour
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(login("racer" + i + "@example.com"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String token : tokens) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return create(token, "http", "popular").status();
                }));
            }
            go.countDown();
            List<Integer> got = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                got.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, got.stream().filter(s -> s == 201).count(), got.toString());
            assertEquals(n - 1, got.stream().filter(s -> s == 409).count(), got.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}

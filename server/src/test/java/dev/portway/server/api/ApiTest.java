// The REST API over real HTTP: accounts, sockets, tunnels, ownership, and clear JSON errors for bad input.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Json;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ApiTestCase;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTest extends ApiTestCase {
    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir);
    }

    @Test
    void socketAndTunnelLifecycle() throws Exception {
        String token = signupAndLogin("alice@example.com");
        Reply me = call("GET", "account", token, null);
        assertEquals("alice@example.com", me.json().get("email").asText());

        Reply created = call("POST", "sockets", token, "{\"name\":\"web\",\"socket_type\":\"http\"}");
        assertEquals(201, created.status());
        String socketId = created.json().get("socket_id").asText();
        String dns = created.json().get("dns_name").asText();
        assertTrue(dns.matches("[a-z]+-[a-z]+-\\d{4}\\.localhost"), dns);
        assertEquals("http://" + dns + ":" + server.config().httpPort() + "/", created.json().get("url").asText());

        Reply tunnel = call("POST", "sockets/" + socketId + "/tunnels", token, null);
        assertEquals(201, tunnel.status());
        String tunnelId = tunnel.json().get("tunnel_id").asText();
        assertTrue(tunnel.json().get("credential").asText().startsWith("pwc_"));
        assertEquals("offline", tunnel.json().get("status").asText());

        Reply listed = call("GET", "sockets/" + socketId + "/tunnels/" + tunnelId, token, null);
        assertNull(listed.json().get("credential"), "the credential is shown once, never listed");

        Reply sockets = call("GET", "sockets", token, null);
        assertEquals(1, sockets.json().size());
        assertEquals(tunnelId, sockets.json().get(0).at("/tunnels/0/tunnel_id").asText());

        Reply rotated = call("POST", "sockets/" + socketId + "/tunnels/" + tunnelId + "/credential", token, null);
        assertNotNull(rotated.json().get("credential"));

        assertEquals(204, call("DELETE", "sockets/" + socketId + "/tunnels/" + tunnelId, token, null).status());
        assertEquals(204, call("DELETE", "sockets/" + socketId, token, null).status());
        assertError(call("GET", "sockets/" + socketId, token, null), 404, "not_found");
    }

    @Test
    void usersSeeOnlyTheirOwnObjects() throws Exception {
        String alice = signupAndLogin("alice@example.com");
        String bob = signupAndLogin("bob@example.com");
        String socketId = call("POST", "sockets", alice, "{\"name\":\"mine\"}").json().get("socket_id").asText();
        String tunnelId = call("POST", "sockets/" + socketId + "/tunnels", alice, null).json()
                .get("tunnel_id").asText();

        assertError(call("GET", "sockets/" + socketId, bob, null), 404, "not_found");
        assertError(call("DELETE", "sockets/" + socketId, bob, null), 404, "not_found");
        assertError(call("POST", "sockets/" + socketId + "/tunnels", bob, null), 404, "not_found");
        assertError(call("POST", "sockets/" + socketId + "/tunnels/" + tunnelId + "/credential", bob, null), 404,
                "not_found");
        assertEquals(0, call("GET", "sockets", bob, null).json().size());
        assertEquals(200, call("GET", "sockets/" + socketId, alice, null).status());
    }

    @Test
    void badTokensAnswer401() throws Exception {
        assertError(call("GET", "sockets", null, null), 401, "unauthorized");
        assertError(call("GET", "sockets", "pw_abc_wrong", null), 401, "unauthorized");
        assertError(call("GET", "account", "garbage", null), 401, "unauthorized");
        String token = signupAndLogin("carol@example.com");
        assertEquals(204, call("POST", "logout", token, null).status());
        assertError(call("GET", "account", token, null), 401, "unauthorized");
    }

    @Test
    void aDisabledAccountsCallsAndSignInsAnswer403() throws Exception {
        signupAndLogin("first-is-admin@example.com");
        String token = signupAndLogin("frank@example.com");
        assertEquals(200, call("GET", "account", token, null).status());
        String id = call("GET", "account", token, null).json().get("user_id").asText();
        assertTrue(server.store().setUserDisabled(id, true));
        assertError(call("GET", "account", token, null), 403, "account_disabled");
        assertError(call("POST", "login", null, "{\"email\":\"frank@example.com\",\"password\":\"password1\"}"),
                403, "account_disabled");
    }

    @Test
    void badInputAnswersAClearJsonError() throws Exception {
        assertError(call("POST", "accounts", null, "{not json"), 400, "bad_request");
        assertError(call("POST", "accounts", null, ""), 400, "bad_request");
        assertError(call("POST", "accounts", null, "{\"email\":\"nope\",\"password\":\"password1\"}"), 400,
                "invalid_email");
        assertError(call("POST", "accounts", null, "{\"email\":\"d@example.com\",\"password\":\"short\"}"), 400,
                "weak_password");
        signupAndLogin("dave@example.com");
        assertError(call("POST", "accounts", null, "{\"email\":\"DAVE@example.com\",\"password\":\"password1\"}"),
                409, "email_taken");
        assertError(call("POST", "login", null, "{\"email\":\"dave@example.com\",\"password\":\"wrongpass\"}"),
                401, "invalid_credentials");
        assertError(call("POST", "login", null, "{\"email\":\"nobody@example.com\",\"password\":\"password1\"}"),
                401, "invalid_credentials");
        String token = signupAndLogin("erin@example.com");
        Reply longEmail = call("POST", "accounts", null, "{\"email\":\"" + "x".repeat(5000) + "\",\"password\":\"p\"}");
        assertError(longEmail, 400, "invalid_email");
        assertTrue(longEmail.json().at("/error/message").asText().length() < 200, "an error echoes a short excerpt");
        assertError(call("POST", "sockets", token, "{\"socket_type\":\"carrier-pigeon\"}"), 400,
                "invalid_socket_type");
        assertError(call("POST", "sockets", token, "{\"name\":\"" + "x".repeat(101) + "\"}"), 400, "invalid_name");
        assertError(call("POST", "sockets", token, "[1,2]"), 400, "bad_request");
        assertError(call("GET", "no-such-thing", token, null), 404, "not_found");
    }

    @Test
    void everySocketTypeGetsItsUrlAndRawTypesADedicatedPort() throws Exception {
        String token = signupAndLogin("types@example.com");
        var c = server.config();
        Reply https = call("POST", "sockets", token, "{\"socket_type\":\"HTTPS\"}");
        assertEquals(201, https.status());
        String name = https.json().get("dns_name").asText();
        assertEquals("https", https.json().get("socket_type").asText());
        assertEquals("https://" + name + ":" + c.httpsPort() + "/", https.json().get("url").asText());
        assertTrue(https.json().path("tcp_port").isMissingNode());
        int[] range = c.tcpPortRange();
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (String type : new String[]{"tcp", "tls"}) {
            Reply raw = call("POST", "sockets", token, "{\"socket_type\":\"" + type + "\"}");
            assertEquals(201, raw.status(), String.valueOf(raw.json()));
            int port = raw.json().get("tcp_port").asInt();
            String dns = raw.json().get("dns_name").asText();
            assertTrue(port >= range[0] && port <= range[1], "port " + port + " in " + c.tcpPorts());
            assertEquals(dns + ":" + port, raw.json().get("address").asText());
            assertEquals(type + "://" + dns + ":" + port, raw.json().get("url").asText());
            ports.add(port);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                assertTrue(s.isConnected(), "the dedicated port is bound");
            }
        }
        assertEquals(2, ports.size(), "each raw socket has its own port");
    }

    @Test
    void racingCreationsNeverShareAPortAndAFullRangeAnswers409() throws Exception {
        int first = TestServers.freeRange(5);
        server.close();
        server = servers.start(TestServers.config(dir, first + "-" + (first + 4)));
        String token = signupAndLogin("race@example.com");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                replies.add(pool.submit(() -> call("POST", "sockets", token, "{\"socket_type\":\"tcp\"}")));
            }
            java.util.Set<Integer> ports = new java.util.TreeSet<>();
            int refused = 0;
            for (var f : replies) {
                Reply r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (r.status() == 201) {
                    ports.add(r.json().get("tcp_port").asInt());
                } else {
                    assertError(r, 409, "no_port_available");
                    refused++;
                }
            }
            assertEquals(java.util.Set.of(first, first + 1, first + 2, first + 3, first + 4), ports);
            assertEquals(7, refused);
        } finally {
            pool.shutdownNow();
        }
        String id = call("GET", "sockets", token, null).json().get(0).get("socket_id").asText();
        int port = call("GET", "sockets/" + id, token, null).json().get("tcp_port").asInt();
        assertEquals(204, call("DELETE", "sockets/" + id, token, null).status());
        assertError(call("GET", "sockets/" + id, token, null), 404, "not_found");
        Reply again = call("POST", "sockets", token, "{\"socket_type\":\"tls\"}");
        assertEquals(201, again.status(), "a deleted socket's port is free again");
        assertEquals(port, again.json().get("tcp_port").asInt());
    }

    @Test
    void accessSettingsAreValidatedStoredAndChangedByPatch() throws Exception {
        String token = signupAndLogin("guard@example.com");
        Reply created = call("POST", "sockets", token, "{\"protected\":true,\"username\":\"alice\","
                + "\"password\":\"s3cret\",\"allow_ips\":[\"10.1.2.3/8\",\"2001:db8::1/32\",\"127.0.0.1\"]}");
        assertEquals(201, created.status(), String.valueOf(created.json()));
        assertTrue(created.json().get("protected").asBoolean());
        assertEquals("alice", created.json().get("username").asText());
        assertTrue(created.json().path("password").isMissingNode(), "the password is never shown");
        assertFalse(created.toString().contains("s3cret"));
        assertEquals("[\"10.0.0.0/8\",\"2001:db8::/32\",\"127.0.0.1/32\"]",
                created.json().get("allow_ips").toString());
        String id = created.json().get("socket_id").asText();

        Reply renamed = call("PATCH", "sockets/" + id, token, "{\"name\":\"home\",\"allow_ips\":[]}");
        assertEquals(200, renamed.status(), String.valueOf(renamed.json()));
        assertEquals("home", renamed.json().get("name").asText());
        assertEquals(0, renamed.json().get("allow_ips").size());
        assertTrue(renamed.json().get("protected").asBoolean(), "fields left out keep their value");
        Reply open = call("PATCH", "sockets/" + id, token, "{\"protected\":false}");
        assertFalse(open.json().get("protected").asBoolean());
        assertTrue(open.json().path("username").isMissingNode());
        assertEquals(open.json().get("dns_name").asText(), call("GET", "sockets/" + id, token, null)
                .json().get("dns_name").asText());

        assertError(call("POST", "sockets", token, "{\"protected\":true,\"username\":\"bob\"}"), 400,
                "invalid_protection");
        assertError(call("POST", "sockets", token, "{\"protected\":true,\"username\":\"a:b\",\"password\":\"x\"}"),
                400, "invalid_protection");
        assertError(call("POST", "sockets", token, "{\"socket_type\":\"tcp\",\"protected\":true,"
                + "\"username\":\"bob\",\"password\":\"x\"}"), 400, "invalid_protection");
        assertError(call("POST", "sockets", token, "{\"allow_ips\":[\"example.com\"]}"), 400, "invalid_allow_ip");
        assertError(call("POST", "sockets", token, "{\"allow_ips\":[\"10.0.0.0/33\"]}"), 400, "invalid_allow_ip");
        assertError(call("PATCH", "sockets/" + id, token, "{\"allow_ips\":[\"300.1.1.1\"]}"), 400,
                "invalid_allow_ip");
        String other = signupAndLogin("mallory@example.com");
        assertError(call("PATCH", "sockets/" + id, other, "{\"allow_ips\":[]}"), 404, "not_found");
        assertEquals(1, call("GET", "sockets", token, null).json().size(), "refused creations left nothing");
    }

    @Test
    void aHugeChunkedBodyIsRefusedWhileItStreamsIn() throws Exception {
        long limit = 512L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        String answer;
        long sentBeforeAnswer;
        Thread writer;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.config().apiPort())) {
            s.setSoTimeout(30_000);
            var out = s.getOutputStream();
            out.write(("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            // The server answers and stops reading long before 512 MiB: the writes then fail or the answer is there.
            writer = new Thread(() -> {
                try {
                    while (sent.get() < limit) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (java.io.IOException e) {
                    // the server closed its side: the point of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            byte[] head = new byte[512];
            int n = s.getInputStream().read(head);
            answer = new String(head, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.ISO_8859_1);
            sentBeforeAnswer = sent.get();
            writer.join(30_000); // the server closes the connection: it does not drain the rest either
            assertTrue(sent.get() < limit, "the writer was stopped by the server closing, after " + sent.get());
        }
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("payload_too_large"), answer);
        assertTrue(sentBeforeAnswer < 64L * 1024 * 1024, "the server read " + sentBeforeAnswer
                + " bytes before refusing");
        Reply big = call("POST", "accounts", null, "{\"email\":\"" + "a".repeat(70_000) + "@example.com\"}");
        assertError(big, 413, "payload_too_large");
    }

    @Test
    void guessingPasswordsMakesTheCallerWaitWithoutCostingOthers() throws Exception {
        signupAndLogin("owner@example.com");
        signupAndLogin("other@example.com");
        String wrong = "{\"email\":\"owner@example.com\",\"password\":\"guess-1234\"}";
        for (int i = 0; i < dev.portway.server.security.Limits.LOGIN_FAILURES_PER_ACCOUNT; i++) {
            assertError(call("POST", "login", null, wrong), 401, "invalid_credentials");
        }
        HttpResponse<String> limited = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.config().apiPort() + "/api/v1/login")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"email\":\"OWNER@example.com\",\"password\":\"password1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, limited.statusCode(), "even the right password waits while the account is limited");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertEquals("too_many_attempts", Json.mapper().readTree(limited.body()).at("/error/code").asText());
        assertEquals(200, call("POST", "login", null, "{\"email\":\"other@example.com\",\"password\":\"password1\"}")
                .status(), "other accounts sign in as usual");
    }

    @Test
    void oneAccountCannotOwnMoreThanItsQuota() throws Exception {
        server.close();
        server = servers.start(TestServers.config(dir)
                .withQuotas(new dev.portway.server.config.AccountLimits(2, 1)));
        String token = signupAndLogin("quota@example.com");
        String first = call("POST", "sockets", token, "{}").json().get("socket_id").asText();
        assertEquals(201, call("POST", "sockets", token, "{}").status());
        assertError(call("POST", "sockets", token, "{\"socket_type\":\"tcp\"}"), 403, "limit_reached");
        assertEquals(201, call("POST", "sockets/" + first + "/tunnels", token, null).status());
        assertError(call("POST", "sockets/" + first + "/tunnels", token, null), 403, "limit_reached");
        assertEquals(201, call("POST", "sockets", signupAndLogin("other@example.com"), "{}").status(),
                "quotas are per account");
        assertEquals(204, call("DELETE", "sockets/" + first, token, null).status());
        assertEquals(201, call("POST", "sockets", token, "{}").status(), "a deleted socket frees its place");
    }

    /** One raw request to the API port; the whole answer. */
    private String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.config().apiPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void requestsRefusedBeforeTheApiStillGetJsonErrors() throws Exception {
        String longUri = raw("GET /api/v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(longUri.startsWith("HTTP/1.1 414 "), longUri);
        assertTrue(longUri.contains("{\"error\":{\"code\":\"uri_too_long\""), longUri);
        String bigHeaders = raw("GET /api/v1/server HTTP/1.1\r\nHost: x\r\nX-Filler: " + "b".repeat(20_000)
                + "\r\n\r\n");
        assertTrue(bigHeaders.startsWith("HTTP/1.1 431 "), bigHeaders);
        assertTrue(bigHeaders.contains("\"code\":\"headers_too_large\""), bigHeaders);
        String garbage = raw("GET /api/v1/server HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400 "), garbage);
        assertTrue(garbage.contains("\"code\":\"bad_request\""), garbage);
        assertTrue(garbage.contains("application/json"), garbage);
    }

    @Test
    void serverInfoTellsAgentsWhatToPin() throws Exception {
        Reply info = call("GET", "server", null, null);
        assertEquals(server.fingerprint(), info.json().get("tunnel_fingerprint").asText());
        assertEquals(server.config().tunnelPort(), info.json().get("tunnel_port").asInt());
        assertEquals(1, info.json().get("link_protocol").asInt());
    }
}

// The admin API over real HTTP, with real tunnel links: who may call it, what each route does to live links, the
// store and the edge, and the audit log it leaves.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ApiTestCase;
import dev.portway.server.TestLink;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest extends ApiTestCase {
    /**
     * How long a disabled user's or a kicked tunnel's link may take to go: a condition wait, its bound for a loaded
     * machine (the server ends it at once; a link it did not end stays up, its heartbeats answered).
     */
    private static final Duration LINK_DROP = Duration.ofSeconds(10);

    final List<TestLink> links = new ArrayList<>();
    String admin;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir);
        admin = signupAndLogin("root@example.com");
    }

    @AfterEach
    void stop() {
        links.forEach(TestLink::close);
    }

    Reply login(String email, String password) throws Exception {
        return call("POST", "login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    String userId(String token) throws Exception {
        return call("GET", "account", token, null).json().get("user_id").asText();
    }

    record Tunnel(String socketId, String tunnelId, String credential) {
    }

    Tunnel tunnel(String token, String type) throws Exception {
        Reply socket = call("POST", "sockets", token, "{\"name\":\"web\",\"socket_type\":\"" + type + "\"}");
        assertEquals(201, socket.status(), String.valueOf(socket.json()));
        String socketId = socket.json().get("socket_id").asText();
        Reply t = call("POST", "sockets/" + socketId + "/tunnels", token, null);
        return new Tunnel(socketId, t.json().get("tunnel_id").asText(), t.json().get("credential").asText());
    }

    TestLink connect(Tunnel t) throws Exception {
        TestLink link = TestLink.connect(server.config().tunnelPort(), t.tunnelId(), t.credential());
        links.add(link);
        assertTrue(link.reply().ok(), link.reply().message());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().session(t.tunnelId()).isPresent());
        return link;
    }

    /** Lets every path parameter of a route template name something that does not exist. */
    static String concrete(String template) {
        return template.replaceFirst("^/api/v1/", "").replaceAll("\\{[^}]+}", "no-such-id");
    }

    @Test
    void theFirstAccountIsTheAdminAndTheSecondIsNot() throws Exception {
        String user = signupAndLogin("user@example.com");
        assertTrue(call("GET", "account", admin, null).json().get("admin").asBoolean());
        assertFalse(call("GET", "account", user, null).json().get("admin").asBoolean());
        Reply users = call("GET", "admin/users", admin, null);
        assertEquals(200, users.status());
        assertEquals(2, users.json().size());
        assertEquals("root@example.com", users.json().get(0).get("email").asText());
        assertTrue(users.json().get(0).get("admin").asBoolean());
        assertFalse(users.json().get(1).get("admin").asBoolean());
        assertFalse(users.json().get(1).get("last_seen_at").asText().isEmpty(), "a sign-in counts as seen");
    }

    @Test
    void everyAdminRouteRefusesOtherUsersWith403AndAnonymousCallersWith401() throws Exception {
        String user = signupAndLogin("user@example.com");
        List<ApiServer.Route> all = server.apiRoutes();
        for (ApiServer.Route r : all) {
            if (r.path().startsWith("/api/v1")) {
                assertFalse(r.roles().isEmpty(), r + " names no role");
            }
        }
        List<ApiServer.Route> adminRoutes = all.stream().filter(r -> r.path().startsWith("/api/v1/admin/")).toList();
        assertEquals(12, adminRoutes.size(), adminRoutes.toString());
        for (ApiServer.Route r : adminRoutes) {
            assertEquals(Set.of("ADMIN"), r.roles(), r.toString());
            String body = r.method().equals("GET") || r.method().equals("DELETE") ? null : "{\"disabled\":true}";
            assertError(call(r.method(), concrete(r.path()), user, body), 403, "forbidden");
            assertError(call(r.method(), concrete(r.path()), null, body), 401, "unauthorized");
        }
        Reply users = call("GET", "admin/users", admin, null);
        assertEquals(2, users.json().size(), "nothing was deleted");
        assertFalse(users.json().get(1).get("disabled").asBoolean(), "nothing was disabled");
    }

    @Test
    void disablingAUserDropsTheirLinksAndTheirCallsAnswer403() throws Exception {
        String user = signupAndLogin("user@example.com");
        String id = userId(user);
        Tunnel t = tunnel(user, "http");
        TestLink link = connect(t);

        Reply agents = call("GET", "admin/agents", admin, null);
        assertEquals(1, agents.json().size());
        JsonNode agent = agents.json().get(0);
        assertEquals(t.tunnelId(), agent.get("tunnel_id").asText());
        assertEquals("user@example.com", agent.get("user_email").asText());
        assertEquals("web", agent.get("socket_name").asText());
        assertEquals(TestLink.AGENT, agent.get("agent_version").asText());
        assertEquals(TestLink.HOST, agent.get("agent_host").asText());
        assertEquals("127.0.0.1", agent.get("remote_address").asText());
        assertFalse(agent.get("connected_since").asText().isEmpty());
        assertEquals(1, call("GET", "admin/users", admin, null).json().get(1).get("tunnels_online").asInt());
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.config().apiPort() + "/api/v1/events")).header("Authorization", "Bearer " + user)
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("event: ready", events.readLine(), "the user's event stream is open");
        java.util.concurrent.CompletableFuture<Void> streamEnded = java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                    try (events) {
                        while (events.readLine() != null) {
                            // drained until the server ends the stream
                        }
                    } catch (java.io.IOException e) {
                        // a reset ends it too
                    }
                });

        Reply disabled = call("PATCH", "admin/users/" + id, admin, "{\"disabled\":true}");
        assertEquals(200, disabled.status(), String.valueOf(disabled.json()));
        assertTrue(disabled.json().get("disabled").asBoolean());
        await().atMost(LINK_DROP).until(() -> !link.isOpen());
        await().atMost(LINK_DROP).until(streamEnded::isDone);

        assertError(call("GET", "sockets", user, null), 403, "account_disabled");
        assertError(login("user@example.com", "password1"), 403, "account_disabled");
        try (TestLink again = TestLink.connect(server.config().tunnelPort(), t.tunnelId(), t.credential())) {
            assertFalse(again.reply().ok(), "a disabled account's tunnel cannot link again");
        }

        assertEquals(200, call("PATCH", "admin/users/" + id, admin, "{\"disabled\":false}").status());
        assertEquals(200, call("GET", "sockets", user, null).status(), "enabled again, the same token works");
    }

    @Test
    void kickingATunnelDropsItsLink() throws Exception {
        String user = signupAndLogin("user@example.com");
        Tunnel t = tunnel(user, "http");
        TestLink link = connect(t);
        assertEquals(204, call("DELETE", "admin/agents/" + t.tunnelId(), admin, null).status());
        await().atMost(LINK_DROP).until(() -> !link.isOpen());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registry().size() == 0);
        assertEquals(0, call("GET", "admin/agents", admin, null).json().size());
        assertError(call("DELETE", "admin/agents/" + t.tunnelId(), admin, null), 404, "not_found");
        assertEquals(200, call("GET", "sockets", user, null).status(), "a kick leaves the account alone");
    }

    @Test
    void grantAndRevokeKeepOneEnabledAdmin() throws Exception {
        String rootId = userId(admin);
        String user = signupAndLogin("user@example.com");
        String userId = userId(user);
        assertError(call("PATCH", "admin/users/" + rootId, admin, "{\"admin\":false}"), 409, "last_admin");
        assertError(call("PATCH", "admin/users/" + rootId, admin, "{\"disabled\":true}"), 409, "last_admin");
        assertError(call("DELETE", "admin/users/" + rootId, admin, null), 409, "last_admin");
        assertEquals(200, call("GET", "admin/users", admin, null).status(), "refused changes changed nothing");

        Reply granted = call("PATCH", "admin/users/" + userId, admin, "{\"admin\":true}");
        assertTrue(granted.json().get("admin").asBoolean());
        assertEquals(200, call("GET", "admin/users", user, null).status(), "at once, with the same token");
        assertTrue(call("GET", "account", user, null).json().get("admin").asBoolean());

        assertEquals(200, call("PATCH", "admin/users/" + rootId, admin, "{\"admin\":false}").status(),
                "with another admin, one may step down");
        assertError(call("GET", "admin/users", admin, null), 403, "forbidden");
        assertError(call("PATCH", "admin/users/" + userId, user, "{\"admin\":false}"), 409, "last_admin");
        assertError(call("PATCH", "admin/users/no-such-user", user, "{\"admin\":true}"), 404, "not_found");
        assertError(call("PATCH", "admin/users/" + rootId, user, "{\"admin\":\"maybe\"}"), 400, "bad_request");
    }

    @Test
    void deletingAUserRemovesTheirSocketsTunnelsPortsAndLinks() throws Exception {
        String user = signupAndLogin("user@example.com");
        String id = userId(user);
        Tunnel web = tunnel(user, "http");
        Tunnel raw = tunnel(user, "tcp");
        int port = call("GET", "sockets/" + raw.socketId(), user, null).json().get("tcp_port").asInt();
        TestLink link = connect(web);
        assertTrue(call("GET", "admin/server", admin, null).json().get("tcp_ports_in_use").toString()
                .contains(String.valueOf(port)));
        assertEquals(2, call("GET", "admin/users", admin, null).json().get(1).get("sockets").asInt());

        assertEquals(204, call("DELETE", "admin/users/" + id, admin, null).status());
        await().atMost(LINK_DROP).until(() -> !link.isOpen());
        assertError(call("GET", "sockets", user, null), 401, "unauthorized");
        assertEquals(0, call("GET", "admin/sockets", admin, null).json().size());
        assertEquals(1, call("GET", "admin/users", admin, null).json().size());
        assertFalse(call("GET", "admin/server", admin, null).json().get("tcp_ports_in_use").toString()
                .contains(String.valueOf(port)), "the dedicated port is freed");
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port)); // the edge let go of it
        }
        assertTrue(server.store().findTunnel(web.tunnelId()).isEmpty());
        assertError(call("DELETE", "admin/users/" + id, admin, null), 404, "not_found");
        signupAndLogin("user@example.com"); // the email is free again
    }

    @Test
    void socketsOfEveryUserAreListedWithFiltersAndCanBeDeleted() throws Exception {
        String ann = signupAndLogin("ann@example.com");
        String bob = signupAndLogin("bob@example.com");
        Tunnel annWeb = tunnel(ann, "http");
        tunnel(ann, "tcp");
        call("POST", "sockets", bob, "{\"name\":\"Bob's Shop\"}");
        assertEquals(3, call("GET", "admin/sockets", admin, null).json().size());
        Reply anns = call("GET", "admin/sockets?user=ANN@example.com", admin, null);
        assertEquals(2, anns.json().size());
        assertEquals("ann@example.com", anns.json().get(0).get("owner_email").asText());
        assertEquals(annWeb.tunnelId(), anns.json().get(0).at("/tunnels/0/tunnel_id").asText());
        assertEquals(2, call("GET", "admin/sockets?user=" + userId(ann), admin, null).json().size());
        assertEquals(1, call("GET", "admin/sockets?type=tcp", admin, null).json().size());
        Reply shop = call("GET", "admin/sockets?q=shop", admin, null);
        assertEquals(1, shop.json().size());
        assertEquals("Bob's Shop", shop.json().get(0).get("name").asText());
        assertEquals(0, call("GET", "admin/sockets?q=%25", admin, null).json().size(), "% is a character here");
        assertError(call("GET", "admin/sockets?type=pigeon", admin, null), 400, "invalid_socket_type");

        TestLink link = connect(annWeb);
        assertEquals(204, call("DELETE", "admin/sockets/" + annWeb.socketId(), admin, null).status());
        await().atMost(LINK_DROP).until(() -> !link.isOpen());
        assertError(call("GET", "sockets/" + annWeb.socketId(), ann, null), 404, "not_found");
        assertError(call("DELETE", "admin/sockets/" + annWeb.socketId(), admin, null), 404, "not_found");
    }

    @Test
    void anAdminSetsANewPasswordAndTheUsersSessionsEnd() throws Exception {
        String user = signupAndLogin("user@example.com");
        String id = userId(user);
        assertError(call("PATCH", "admin/users/" + id, admin, "{\"password\":\"short\"}"), 400, "weak_password");
        assertEquals(200, call("PATCH", "admin/users/" + id, admin, "{\"password\":\"new-password\"}").status());
        assertError(call("GET", "account", user, null), 401, "unauthorized");
        assertError(login("user@example.com", "password1"), 401, "invalid_credentials");
        assertEquals(200, login("user@example.com", "new-password").status());
    }

    @Test
    void theServerViewShowsListenersAndSignUpSwitchesWhileItRuns() throws Exception {
        Reply view = call("GET", "admin/server", admin, null);
        assertEquals(200, view.status());
        JsonNode s = view.json();
        assertEquals(dev.portway.protocol.Version.PRODUCT, s.get("version").asText());
        assertTrue(s.get("uptime_seconds").asLong() >= 0);
        List<String> listeners = new ArrayList<>();
        s.get("listeners").forEach(l -> listeners.add(l.get("name").asText() + ":" + l.get("port").asInt()));
        var c = server.config();
        assertEquals(List.of("api:" + c.apiPort(), "http:" + c.httpPort(), "https:" + c.httpsPort(),
                "tunnel:" + c.tunnelPort()), listeners);
        int[] range = c.tcpPortRange();
        assertEquals(range[0], s.at("/tcp_ports/first").asInt());
        assertEquals(range[1], s.at("/tcp_ports/last").asInt());
        assertTrue(s.get("signup").asBoolean());
        assertEquals(1, s.get("users").asInt());

        assertFalse(call("PATCH", "admin/server", admin, "{\"signup\":false}").json().get("signup").asBoolean());
        assertError(call("POST", "accounts", null, "{\"email\":\"late@example.com\",\"password\":\"password1\"}"),
                403, "signup_disabled");
        assertFalse(call("GET", "server", null, null).json().get("signup").asBoolean());
        assertTrue(call("PATCH", "admin/server", admin, "{\"signup\":true}").json().get("signup").asBoolean());
        signupAndLogin("late@example.com");
    }

    @Test
    void theAuditLogHasEverySignInAndAdminActionNewestFirstAPageAtATime() throws Exception {
        String user = signupAndLogin("user@example.com");
        assertError(login("user@example.com", "wrong-password"), 401, "invalid_credentials");
        assertError(login("nobody@example.com", "wrong-password"), 401, "invalid_credentials");
        String id = userId(user);
        call("PATCH", "admin/users/" + id, admin, "{\"disabled\":true}");
        call("PATCH", "admin/users/" + id, admin, "{\"disabled\":false,\"admin\":true}");
        call("PATCH", "admin/server", admin, "{\"signup\":false}");

        List<String> expected = List.of("server.signup", "user.grant_admin", "user.enable", "user.disable",
                "login_failed", "login_failed", "login", "login");
        List<JsonNode> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Reply page = call("GET", "admin/audit?limit=3" + (next == null ? "" : "&before=" + next), admin, null);
            assertEquals(200, page.status(), String.valueOf(page.json()));
            assertTrue(page.json().get("entries").size() <= 3);
            page.json().get("entries").forEach(seen::add);
            next = page.json().path("next_before").isMissingNode() || page.json().get("next_before").isNull() ? null
                    : page.json().get("next_before").asText();
            pages++;
        } while (next != null);
        assertEquals(3, pages);
        assertEquals(expected, seen.stream().map(e -> e.get("action").asText()).toList());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i - 1).get("id").asLong() > seen.get(i).get("id").asLong(), "newest first");
        }
        JsonNode grant = seen.get(1);
        assertEquals("root@example.com", grant.get("actor_email").asText());
        assertEquals("user user@example.com", grant.get("target").asText());
        assertEquals("127.0.0.1", grant.get("remote_address").asText());
        assertFalse(grant.get("at").asText().isEmpty());
        JsonNode unknown = seen.get(4);
        assertEquals("nobody@example.com", unknown.get("actor_email").asText());
        assertNull(unknown.get("actor_id"), "no such user");
        assertEquals(id, seen.get(5).get("actor_id").asText(), "a wrong password for a known account names it");

        assertError(call("GET", "admin/audit?limit=0", admin, null), 400, "bad_request");
        assertError(call("GET", "admin/audit?limit=501", admin, null), 400, "bad_request");
        assertError(call("GET", "admin/audit?before=abc", admin, null), 400, "bad_request");
    }
}

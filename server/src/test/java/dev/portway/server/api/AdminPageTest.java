// The admin page in a real browser: Debian's headless chromium, driven through its chromedriver, against a real
// server with a real tunnel link. An admin disables a user and watches the link drop, and every other button does
// what it says; a user who is not an admin is told so and shown nothing; the page keeps its headers, and works over
// HTTPS too.
package dev.portway.server.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.TestLink;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

class AdminPageTest extends AdminPageTestCase {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A socket name that would be markup if the page ever put data in as HTML. */
    private static final String MARKUP_NAME = "<b id=\"injected\">web</b>";

    TestLink link;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
    }

    // ---- the server, through its API ------------------------------------------------------------------------------

    private String api() {
        return "http://127.0.0.1:" + server.config().apiPort();
    }

    private JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api() + "/api/v1/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(res.statusCode() < 300, method + " " + path + ": " + res.statusCode() + " " + res.body());
        return res.body().isEmpty() ? null : Json.mapper().readTree(res.body());
    }

    private int status(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api() + "/api/v1/" + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String signUp(String email) throws Exception {
        String creds = Json.mapper().writeValueAsString(Map.of("email", email, "password", "password1"));
        call("POST", "accounts", null, creds);
        return call("POST", "login", null, creds).get("token").asText();
    }

    // ---- the browser ----------------------------------------------------------------------------------------------

    private WebElement agentRow(String tunnelId) {
        return page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#agents tbody tr[data-tunnel='" + tunnelId + "']")));
    }

    private List<String> rows(String section) {
        return browser.findElements(By.cssSelector("#" + section + " tbody tr")).stream().map(WebElement::getText)
                .toList();
    }

    // ---- the tests ------------------------------------------------------------------------------------------------

    @Test
    void anAdminDisablesAUserAndSeesTheirTunnelDropAndTheAuditEntry() throws Exception {
        server = servers.start(dir);
        String admin = signUp("root@example.com");
        String user = signUp("user@example.com");
        String userId = call("GET", "account", user, null).get("user_id").asText();
        String socketId = call("POST", "sockets", user, Json.mapper().writeValueAsString(
                Map.of("name", MARKUP_NAME, "socket_type", "http"))).get("socket_id").asText();
        JsonNode tunnel = call("POST", "sockets/" + socketId + "/tunnels", user, null);
        String tunnelId = tunnel.get("tunnel_id").asText();
        link = TestLink.connect(server.config().tunnelPort(), tunnelId, tunnel.get("credential").asText());
        assertTrue(link.reply().ok(), link.reply().message());
        await().atMost(WAIT).until(() -> server.registry().session(tunnelId).isPresent());

        browser = page.open();
        page.signInAs(api(), "root@example.com");
        WebElement agent = agentRow(tunnelId);
        assertTrue(agent.getText().contains("user@example.com"), agent.getText());
        assertTrue(agent.getText().contains(TestLink.AGENT), agent.getText());
        // The name shows as the text it is: nothing of it became an element.
        assertTrue(agent.getText().contains(MARKUP_NAME), agent.getText());
        assertTrue(browser.findElements(By.id("injected")).isEmpty(), "a socket name was put in as markup");
        assertEquals("root@example.com", browser.findElement(By.id("who-email")).getText());
        assertTrue(rows("sockets").stream().anyMatch(r -> r.contains(MARKUP_NAME)), rows("sockets").toString());
        assertEquals("1", browser.findElement(By.id("stat-agents")).getText());

        By disable = By.cssSelector("#users tbody tr[data-user='" + userId + "'] button.disable");
        page.waiting().until(ExpectedConditions.elementToBeClickable(disable)).click();

        await().atMost(WAIT).until(() -> server.registry().session(tunnelId).isEmpty() && !link.isOpen());
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#agents tbody tr[data-tunnel='" + tunnelId + "']")));
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#agents .empty")));
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#users tbody tr[data-user='" + userId + "']"), "disabled"));
        page.waiting().until(d -> rows("audit").stream()
                .anyMatch(r -> r.contains("user.disable") && r.contains("user@example.com")
                        && r.contains("root@example.com")));
        assertTrue(call("GET", "admin/users", admin, null).get(1).get("disabled").asBoolean(),
                "the server has the user disabled");
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
        assertEquals(List.of(), errors, "the console stayed clean (no policy violation, no failed call)");
    }

    @Test
    void everyOtherButtonDoesWhatItSays() throws Exception {
        server = servers.start(dir);
        String admin = signUp("root@example.com");
        String ann = signUp("ann@example.com");
        String bob = signUp("bob@example.com");
        String annId = call("GET", "account", ann, null).get("user_id").asText();
        String bobId = call("GET", "account", bob, null).get("user_id").asText();
        String blog = call("POST", "sockets", ann, "{\"name\":\"blog\",\"socket_type\":\"http\"}")
                .get("socket_id").asText();
        call("POST", "sockets", bob, "{\"name\":\"db\",\"socket_type\":\"tcp\"}");
        JsonNode tunnel = call("POST", "sockets/" + blog + "/tunnels", ann, null);
        String tunnelId = tunnel.get("tunnel_id").asText();
        link = TestLink.connect(server.config().tunnelPort(), tunnelId, tunnel.get("credential").asText());
        await().atMost(WAIT).until(() -> server.registry().session(tunnelId).isPresent());
        // Enough entries for a second page of the audit log (25 a page).
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(URI.create(api() + "/api/v1/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"nobody" + i
                            + "@example.com\",\"password\":\"password1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, failed.statusCode(), failed.body());
        }

        browser = page.open();
        page.signInAs(api(), "root@example.com");
        agentRow(tunnelId).findElement(By.cssSelector("button.kick")).click();
        await().atMost(WAIT).until(() -> server.registry().session(tunnelId).isEmpty() && !link.isOpen());
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#agents .empty")));

        browser.findElement(By.id("signup-toggle")).click();
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("signup-text"), "Closed"));
        assertFalse(call("GET", "server", null, null).get("signup").asBoolean(), "sign-up is closed");

        new Select(browser.findElement(By.id("filter-type"))).selectByValue("tcp");
        browser.findElement(By.cssSelector("#socket-filter button[type=submit]")).click();
        page.waiting().until(d -> rows("sockets").size() == 1 && rows("sockets").get(0).contains("bob@example.com"));

        By annRow = By.cssSelector("#users tbody tr[data-user='" + annId + "']");
        browser.findElement(annRow).findElement(By.cssSelector("button.grant")).click();
        // The row as re-drawn after the grant ("Make admin" has "admin" in it already): later rows are stable then.
        page.waiting().until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                annRow, By.cssSelector("button.revoke")));
        assertTrue(call("GET", "admin/users", admin, null).get(1).get("admin").asBoolean(), "ann is an admin");

        By bobRow = By.cssSelector("#users tbody tr[data-user='" + bobId + "']");
        browser.findElement(bobRow).findElement(By.cssSelector("button.reset")).click();
        WebElement password = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.id("dialog-password")));
        password.sendKeys("short");
        browser.findElement(By.id("dialog-ok")).click();
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("dialog-error"), "weak_password"));
        password.clear();
        password.sendKeys("a new password");
        browser.findElement(By.id("dialog-ok")).click();
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("dialog")));
        call("POST", "login", null, "{\"email\":\"bob@example.com\",\"password\":\"a new password\"}");

        browser.findElement(bobRow).findElement(By.cssSelector("button.delete")).click();
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("dialog-title"),
                "Delete bob@example.com?"));
        browser.findElement(By.id("dialog-cancel")).click();
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("dialog")));
        assertEquals(3, call("GET", "admin/users", admin, null).size(), "cancel deletes nothing");
        browser.findElement(bobRow).findElement(By.cssSelector("button.delete")).click();
        page.waiting().until(ExpectedConditions.elementToBeClickable(By.id("dialog-ok"))).click();
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(bobRow));
        assertEquals(2, call("GET", "admin/users", admin, null).size(), "bob is gone");

        page.waiting().until(d -> rows("audit").get(0).contains("user.delete"));
        List<String> newest = rows("audit");
        assertEquals(25, newest.size());
        for (String action : List.of("agent.kick", "server.signup", "user.grant_admin", "user.password_reset")) {
            assertTrue(newest.stream().anyMatch(r -> r.contains(action)), action + " in " + newest);
        }
        assertFalse(browser.findElement(By.id("audit-newer")).isEnabled(), "the newest page has nothing newer");
        browser.findElement(By.id("audit-older")).click();
        page.waiting().until(d -> !rows("audit").equals(newest) && rows("audit").stream()
                .anyMatch(r -> r.contains("login_failed")));
        assertTrue(browser.findElement(By.id("audit-newer")).isEnabled());
        browser.findElement(By.id("audit-newer")).click();
        page.waiting().until(d -> rows("audit").equals(newest));

        String token = (String) ((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('portway.admin.token')");
        assertEquals(200, status("account", token));
        browser.findElement(By.id("sign-out")).click();
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
        await().atMost(WAIT).until(() -> status("account", token) == 401);
        assertNull(((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('portway.admin.token')"), "signed out, the token is gone");
        assertTrue(browser.findElements(By.cssSelector("#app tbody tr")).isEmpty(), "and so is the data");
    }

    @Test
    void theAppsOneTimeCodeOpensThePageSignedInAndLeavesNoCodeOrTokenBehind() throws Exception {
        server = servers.start(dir);
        String admin = signUp("root@example.com");
        String loginPath = call("POST", "admin/login-codes", admin, null).get("login_path").asText();

        browser = page.open();
        browser.get(api() + loginPath);
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("who-email"), "root@example.com"));
        page.waiting().until(d -> rows("users").stream().anyMatch(r -> r.contains("root@example.com")));
        assertEquals(api() + "/admin", browser.getCurrentUrl(), "the code is not in the address bar");
        assertFalse(browser.findElement(By.id("signin")).isDisplayed(), "no password asked");
        assertEquals(Set.of(), browser.manage().getCookies(), "the cookie that carried the session is gone");
        String token = (String) ((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('portway.admin.token')");
        assertEquals(200, status("account", token), "the tab holds a session of its own");
        assertFalse(token.equals(admin));

        // The same link again (from history, say): refused, and the page says what to do.
        browser.get(api() + loginPath);
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "does not work"));
        assertTrue(browser.findElement(By.linkText("Sign in with a password")).isDisplayed());
    }

    @Test
    void theSocketsTableShowsEachSocketsSignInMethod() throws Exception {
        try (TestIdentityProvider provider = TestIdentityProvider.start()) {
            server = servers.start(TestServers.config(dir).withOidc(provider.settings()));
            signUp("root@example.com");
            String ann = signUp("ann@example.com");
            String wiki = call("POST", "sockets", ann, "{\"name\":\"wiki\",\"allowed_email_domains\":"
                    + "[\"example.org\"]}").get("socket_id").asText();
            String shop = call("POST", "sockets", ann, "{\"name\":\"shop\",\"protected\":true,"
                    + "\"username\":\"ann\",\"password\":\"s3cret\"}").get("socket_id").asText();

            browser = page.open();
            page.signInAs(api(), "root@example.com");
            String byEmail = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#sockets tbody tr[data-socket='" + wiki + "']"))).getText();
            assertTrue(byEmail.contains("e-mail sign-in") && !byEmail.contains("protected"), byEmail);
            String byPassword = browser.findElement(By.cssSelector("#sockets tbody tr[data-socket='" + shop + "']"))
                    .getText();
            assertTrue(byPassword.contains("protected") && !byPassword.contains("e-mail"), byPassword);
        }
    }

    @Test
    void aUdpSocketShowsItsUdpPortAndTheUdpRangeStandsBesideTheTcpOne() throws Exception {
        int tcpFirst = TestServers.freeRange(5);
        int udpFirst = TestServers.freeRange(3);
        server = servers.start(TestServers.config(dir, tcpFirst + "-" + (tcpFirst + 4)).toBuilder()
                .udpPorts(udpFirst + "-" + (udpFirst + 2)).build());
        signUp("root@example.com");
        String ann = signUp("ann@example.com");
        JsonNode game = call("POST", "sockets", ann, "{\"name\":\"game\",\"socket_type\":\"udp\"}");
        JsonNode db = call("POST", "sockets", ann, "{\"name\":\"db\",\"socket_type\":\"tcp\"}");
        int udpPort = game.get("udp_port").asInt();

        browser = page.open();
        page.signInAs(api(), "root@example.com");
        WebElement row = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#sockets tbody tr[data-socket='" + game.get("socket_id").asText() + "']")));
        assertEquals(game.get("dns_name").asText() + ":" + udpPort,
                row.findElement(By.cssSelector("td.address")).getText());
        assertTrue(row.getText().contains("udp"), row.getText());
        assertEquals(db.get("dns_name").asText() + ":" + db.get("tcp_port").asInt(), browser.findElement(
                By.cssSelector("#sockets tbody tr[data-socket='" + db.get("socket_id").asText() + "'] td.address"))
                .getText());

        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stat-udp-ports"), "1 / 3"));
        assertEquals(udpFirst + "–" + (udpFirst + 2) + " (3 ports)", browser.findElement(By.id("udp-port-range"))
                .getText());
        assertEquals("In use: " + udpPort, browser.findElement(By.id("udp-ports-in-use")).getText());
        assertEquals("1 / 5", browser.findElement(By.id("stat-ports")).getText(), "the tcp socket's port, apart");
        assertEquals("In use: " + db.get("tcp_port").asInt(), browser.findElement(By.id("ports-in-use")).getText());
        assertEquals("Flows: 0 open · 0 opened", browser.findElement(By.id("udp-flows")).getText());
        assertEquals("Datagrams: 0 in (0 B) · 0 out (0 B)", browser.findElement(By.id("udp-datagrams")).getText());
        assertEquals("None dropped.", browser.findElement(By.id("udp-dropped")).getText());

        new Select(browser.findElement(By.id("filter-type"))).selectByValue("udp");
        browser.findElement(By.cssSelector("#socket-filter button[type=submit]")).click();
        page.waiting().until(d -> rows("sockets").size() == 1 && rows("sockets").get(0).contains("game"));
    }

    @Test
    void aUserWhoIsNotAnAdminIsToldSoAndSeesNothing() throws Exception {
        server = servers.start(dir);
        signUp("root@example.com");
        signUp("ann@example.com");

        browser = page.open();
        page.signInAs(api(), "ann@example.com");
        WebElement error = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        page.waiting().until(ExpectedConditions.textToBePresentInElement(error, "is not an admin"));
        assertTrue(error.getText().startsWith("ann@example.com is not an admin of this server"), error.getText());
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        assertFalse(browser.findElement(By.id("nav")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("#app tbody tr")).isEmpty(), "no data reached the page");
        assertFalse(browser.getPageSource().contains("root@example.com"), "no other account reached the page");
        assertNull(((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('portway.admin.token')"), "a non-admin's token is not kept");
    }

    @Test
    void thePageComesWithAStrictPolicyAndWithoutFrames() throws Exception {
        server = servers.start(dir);
        for (String path : List.of("/admin", "/admin/", "/admin/admin.js", "/admin/admin.css",
                "/admin/favicon.svg")) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(api() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), path);
            String csp = res.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self';")
                    && csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("DENY", res.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("nosniff", res.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(api() + "/admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertFalse(page.body().matches("(?s).*<script>.*"), "no inline script");
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "everything is served from here");
    }

    @Test
    void overHttpsThePageSignsInAndAPlainRequestIsRefused() throws Exception {
        server = servers.start(TestServers.config(dir).withApiTls(true));
        X509Certificate cert = TestServers.certificate(dir);
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(api() + "/admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plain.statusCode(), plain.body());
        assertEquals("tls_required", Json.mapper().readTree(plain.body()).at("/error/code").asText());
        String https = "https://127.0.0.1:" + server.config().apiPort();
        HttpResponse<String> created = TestServers.trusting(cert).send(
                HttpRequest.newBuilder(URI.create(https + "/api/v1/accounts")).POST(HttpRequest.BodyPublishers
                        .ofString("{\"email\":\"root@example.com\",\"password\":\"password1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        // The browser takes this server's key only (its SHA-256 pinned), as a person would after checking it.
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        browser = page.open("--ignore-certificate-errors-spki-list=" + spki);
        page.signInAs(https, "root@example.com");
        page.waiting().until(d -> rows("users").stream().anyMatch(r -> r.contains("root@example.com")));
        assertTrue(browser.findElement(By.id("listeners")).getText().contains("api"));
    }
}

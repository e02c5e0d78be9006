// The inspector's web page in a real browser (Debian's headless chromium through its chromedriver) against a real
// InspectServer, tunnel, server and origin: rows arrive live and update in place, the search finds text in bodies,
// the keys move, open and replay, an edited replay shows its diff, secrets stay hidden until asked, HAR goes out and
// comes back in, sets are saved and replayed, and a visitor's markup never runs: the console stays free of errors
// and of Content-Security-Policy violations. One browser and one tunnel for the class, to stay fast.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.protocol.json.JsonReader;
import dev.portway.server.TestBrowser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InspectorPageBrowserTest {
    @TempDir
    static Path dir;

    static HttpServer origin;
    static final AtomicInteger COUNT = new AtomicInteger();
    static final CountDownLatch SLOW = new CountDownLatch(1);
    /** The X-Edit header of each request the origin saw. */
    static final List<String> EDITS = new java.util.concurrent.CopyOnWriteArrayList<>();
    static ExchangeLog log;
    static final ConnectionList CONNECTIONS = new ConnectionList();
    static InspectServer inspector;
    static EchoServer echo;
    static Harness.Tunnel tcp;
    static TunnelAgent tcpAgent;
    static Harness h;
    static Harness.Tunnel t;
    static TunnelAgent agent;
    static CompletableFuture<WebDriver> starting;
    static WebDriver browser;
    static JavascriptExecutor js;

    @BeforeAll
    static void start() throws Exception {
        // The browser starts while the server and the tunnels do.
        starting = CompletableFuture.supplyAsync(() -> {
            ChromeOptions options = TestBrowser.headless("1400,860");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            return TestBrowser.start(options);
        });
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", InspectorPageBrowserTest::answer);
        origin.start();
        int port = origin.getAddress().getPort();
        log = new ExchangeLog();
        inspector = InspectServer.start(log, CONNECTIONS, 0, dir.resolve("inspect-sets"));
        h = Harness.start(dir);
        t = h.create();
        agent = h.connectAndAwaitOnline(t, port, new InspectServerEndToEndTest.Feeding(log, port)).capture(true);
        echo = new EchoServer();
        tcp = h.create("tcp");
        tcpAgent = h.connectAndAwaitOnline(tcp, echo.port(), new RecordingListener() {
            @Override
            public void onConnectionChange(LiveConnection c) {
                CONNECTIONS.put(c); // as the CLI's runner does
            }
        });
        browser = starting.get(30, TimeUnit.SECONDS);
        js = (JavascriptExecutor) browser;
    }

    @AfterAll
    static void stop() throws IOException {
        SLOW.countDown();
        if (starting != null) {
            starting.thenAccept(WebDriver::quit).exceptionally(failed -> null).join();
        }
        if (tcpAgent != null) {
            tcpAgent.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (h != null) {
            h.close();
        }
        if (inspector != null) {
            inspector.close();
        }
        if (origin != null) {
            origin.stop(0);
        }
    }

    /** /json?v=V: JSON naming V; /counter: "count N", N growing; /slow: waits; /img.png; else the body echoed. */
    static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        byte[] in = ex.getRequestBody().readAllBytes();
        EDITS.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Edit")));
        String type;
        byte[] out;
        if (path.equals("/json")) {
            type = "application/json";
            out = ("{\"order\":{\"id\":\"A-1007\",\"query\":\"" + query + "\",\"items\":[{\"sku\":\"tea\",\"qty\":2},"
                    + "{\"sku\":\"cup\",\"qty\":1}],\"total\":12.5,\"paid\":true,\"note\":null}}")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/status/")) {
            type = "application/problem+json";
            out = ("{\"status\":" + path.substring(8) + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(Integer.parseInt(path.substring(8)), out.length);
            ex.getResponseBody().write(out);
            ex.close();
            return;
        } else if (path.equals("/counter")) {
            type = "text/plain";
            out = ("count " + COUNT.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/img.png")) {
            type = "image/png";
            BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < 24 * 24; i++) {
                image.setRGB(i % 24, i / 24, (i % 24) < 12 ? 0x2563eb : 0xf59e0b);
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            out = png.toByteArray();
        } else {
            if (path.equals("/slow")) {
                try {
                    SLOW.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String sent = ex.getRequestHeaders().getFirst("Content-Type");
            type = sent == null ? "text/plain" : sent;
            out = in;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @BeforeEach
    void openThePage() {
        browser.get(inspector.url());
        waitFor(() -> Boolean.TRUE.equals(js.executeScript(
                "return document.getElementById('live').classList.contains('on')")));
    }

    @AfterEach
    void theConsoleHasNoErrors() {
        List<String> bad = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                        || e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused"))
                .map(LogEntry::toString).toList();
        assertEquals(List.of(), bad, "the browser console");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Waits for the condition; on a timeout, says what the page showed. */
    static void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page showed: " + js.executeScript("return document.body.innerText"), e);
        }
    }

    static String visit(String method, String path, String body, String type, String... headers) throws IOException {
        Request.Builder req = new Request.Builder().url(h.url(t.socket(), path))
                .method(method, body == null ? null : RequestBody.create(body, MediaType.get(type)));
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        try (Response r = h.visitor.newCall(req.build()).execute()) {
            assertEquals(200, r.code());
            return r.body().string();
        }
    }

    /** The ids of the rows shown whose path holds that text. */
    @SuppressWarnings("unchecked")
    static List<Long> shown(String pathHolds) {
        return (List<Long>) js.executeScript("return Array.from(document.querySelectorAll('#exchanges tbody tr'))"
                + ".filter(tr => !tr.hidden && tr.querySelector('.c-path').textContent.includes(arguments[0]))"
                + ".map(tr => Number(tr.dataset.id))", pathHolds);
    }

    /** The one row shown whose path holds that text, once it is done. */
    static WebElement row(String pathHolds) {
        waitFor(() -> shown(pathHolds).size() == 1 && !row(shown(pathHolds).get(0)).getAttribute("class")
                .contains("pending"));
        return row(shown(pathHolds).get(0));
    }

    static WebElement row(long id) {
        return browser.findElement(By.cssSelector("#exchanges tbody tr[data-id='" + id + "']"));
    }

    /** The element's text as written (getText shows it as styled, e.g. upper-cased headings). */
    static String content(String id) {
        return (String) js.executeScript("return document.getElementById(arguments[0]).textContent", id);
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static String raw(int port, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static List<String> lines(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    static void keys(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    // ---- the page's files --------------------------------------------------------------------------------------

    @Test
    void servesOnlyItsOwnFilesWithAStrictPolicy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(inspector.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data:;", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'",
                "form-action 'none'")) {
            assertTrue(csp.contains(directive), directive + " in " + csp);
        }
        assertFalse(csp.contains("blob:"), "nothing on the page makes blob: URLs: " + csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(page.body().contains("<script>") || page.body().contains("style="), "no inline script or style");
        for (String[] asset : new String[][] {{"app.js", "text/javascript"}, {"app.css", "text/css"},
                {"favicon.svg", "image/svg+xml"}}) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(inspector.url())
                    .resolve("/assets/" + asset[0])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode(), asset[0]);
            assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith(asset[1]), asset[0]);
            assertEquals(csp, res.headers().firstValue("Content-Security-Policy").orElseThrow());
        }
        for (String other : List.of("/assets/index.html", "/assets/%2e%2e/inspect/app.js",
                "/assets/../ApiHandler.class", "/assets/")) {
            String answer = raw(inspector.address().getPort(), "GET " + other + " HTTP/1.1\r\nHost: 127.0.0.1"
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 404"), other + ": " + answer);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(inspector.url()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    // ---- live rows, keys, replay -------------------------------------------------------------------------------

    @Test
    void rowsArriveLiveAndTheKeysMoveOpenAndReplay() throws Exception {
        js.executeScript("window.notReloaded = true");
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return visit("POST", "/slow", "a=1&b=two", "application/x-www-form-urlencoded");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        waitFor(() -> shown("/slow").size() == 1);
        WebElement pending = row(shown("/slow").get(0));
        assertTrue(pending.getAttribute("class").contains("pending"), pending.getAttribute("class"));
        js.executeScript("arguments[0].dataset.mark = 'same row'", pending);
        SLOW.countDown();
        slow.get(20, TimeUnit.SECONDS);
        waitFor(() -> pending.getAttribute("class").contains("done"));
        assertEquals("same row", pending.getAttribute("data-mark"), "updated in place");
        assertEquals("200", pending.findElement(By.className("c-status")).getText());

        visit("GET", "/counter?k=1", null, null);
        visit("GET", "/counter?k=2", null, null);
        WebElement second = row("/counter?k=2");
        WebElement first = row("/counter?k=1");
        type("filter-path", "/counter?k=");
        keys(Keys.ESCAPE); // leaves the filter box: the keys now move the selection
        waitFor(() -> shown("").size() == 2);
        keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_UP);
        assertTrue(first.getAttribute("class").contains("selected"));
        assertFalse(second.getAttribute("class").contains("selected"));
        assertTrue(browser.findElement(By.id("detail")).getAttribute("hidden") != null, "not opened yet");
        keys(Keys.ENTER);
        waitFor(() -> text("response-body").contains("count"));
        String original = text("response-body").substring(text("response-body").indexOf("count"));
        assertTrue(text("detail-title").contains("GET /counter?k=1"), text("detail-title"));
        keys("r");
        waitFor(() -> !browser.findElements(By.cssSelector("#replay-result .diff")).isEmpty());
        String replayed = "count " + COUNT.get();
        assertTrue(text("replay-result").contains(replayed), text("replay-result"));
        assertTrue(lines("#replay-result .diff .del").contains(original), lines("#replay-result .diff .del")
                + " holds " + original);
        assertTrue(lines("#replay-result .diff .add").contains(replayed), lines("#replay-result .diff .add")
                + " holds " + replayed);
        waitFor(() -> shown("/counter?k=1").size() == 2);
        WebElement replayRow = row(shown("/counter?k=1").get(1));
        assertTrue(replayRow.getText().contains("replay of #" + first.getAttribute("data-id")), replayRow.getText());
        keys(Keys.ESCAPE);
        waitFor(() -> browser.findElement(By.id("detail")).getAttribute("hidden") != null);

        type("filter-path", "/slow");
        keys(Keys.ESCAPE, Keys.ARROW_DOWN, Keys.ENTER);
        waitFor(() -> browser.findElements(By.cssSelector("#request-body table.form td")).size() == 4);
        assertEquals(List.of("a", "1", "b", "two"), browser.findElements(By.cssSelector("#request-body table.form td"))
                .stream().map(WebElement::getText).toList(), "a form shown as a table");
        assertEquals(Boolean.TRUE, js.executeScript("return window.notReloaded"));
    }

    @Test
    void theSearchFindsTextInABodyAndCombinesWithTheFilters() throws Exception {
        visit("POST", "/search?n=1", "{\"note\":\"a needle-4711 in the hay\"}", "application/json");
        visit("POST", "/search?n=2", "{\"note\":\"only hay\"}", "application/json");
        visit("PUT", "/search?n=3", "needle-4711 again", "text/plain");
        row("/search?n=1");
        row("/search?n=3");
        js.executeScript("document.activeElement.blur()");
        keys("/");
        assertEquals("search", js.executeScript("return document.activeElement.id"));
        keys("needle-4711");
        waitFor(() -> shown("/search?").size() == 2);
        assertEquals(2, shown("").size(), "nothing else is shown");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-method")))
                .selectByVisibleText("PUT");
        waitFor(() -> shown("").size() == 1);
        assertEquals(1, shown("/search?n=3").size());
        type("filter-status", "4xx");
        waitFor(() -> shown("").isEmpty());
        type("filter-status", "2xx");
        waitFor(() -> shown("").size() == 1);
    }

    @Test
    void anEditedReplayShowsTheDiffBesideTheOriginal() throws Exception {
        visit("GET", "/json?v=1", null, null);
        row("/json?v=1").click();
        waitFor(() -> !browser.findElements(By.cssSelector("#response-body pre.json .j-key")).isEmpty());
        assertTrue(text("response-body").contains("\"sku\": \"tea\""), "pretty JSON: " + text("response-body"));
        browser.findElement(By.id("edit-replay")).click();
        waitFor(() -> browser.findElement(By.id("editor")).isDisplayed());
        type("edit-path", "/json?v=2");
        browser.findElement(By.id("edit-headers")).sendKeys(Keys.END, "\nX-Edit: from-the-page");
        browser.findElement(By.id("edit-send")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#replay-result .diff")).isEmpty());
        assertEquals("from-the-page", EDITS.get(EDITS.size() - 1), "the origin saw the edited header");
        List<String> removed = lines("#replay-result .diff .del");
        List<String> added = lines("#replay-result .diff .add");
        assertTrue(removed.stream().anyMatch(l -> l.contains("v=1")), removed.toString());
        assertTrue(added.stream().anyMatch(l -> l.contains("v=2")), added.toString());
        assertEquals(1, browser.findElements(By.cssSelector("#replay-result .badge.changed")).size(),
                "marked changed: " + text("replay-result"));
    }

    @Test
    void secretsAreHiddenUntilAsked() throws Exception {
        visit("GET", "/private?token=tok-123&x=1", null, null, "Authorization", "Bearer s3cret-xyz");
        row("/private").click();
        waitFor(() -> text("request-headers").contains("Authorization"));
        assertTrue(text("request-headers").contains("Bearer [redacted]"), text("request-headers"));
        assertFalse(browser.getPageSource().contains("s3cret-xyz"), "the secret is not on the page");
        assertFalse(browser.getPageSource().contains("tok-123"), "nor the token in the query");
        browser.findElement(By.id("secrets")).click();
        waitFor(() -> text("request-headers").contains("Bearer s3cret-xyz"));
        assertTrue(text("detail-title").contains("tok-123"), text("detail-title"));
        browser.findElement(By.id("secrets")).click();
        waitFor(() -> text("request-headers").contains("Bearer [redacted]"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void harGoesOutAndComesBackAndAVisitorsMarkupNeverRuns() throws Exception {
        String hostile = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
        visit("POST", "/hostile?a=1", hostile, "text/html");
        h.sendRaw("GET /hostile/<img/src=x/onerror=window.pwned=3> HTTP/1.1\r\nHost: " + t.socket().dnsName()
                + "\r\nConnection: close\r\n\r\n");
        WebElement body = row("/hostile?a=1");
        WebElement path = row("/hostile/<img");
        assertTrue(path.getText().contains("/hostile/<img/src=x/onerror=window.pwned=3>"), path.getText());
        body.click();
        waitFor(() -> text("response-body").contains("<script>"));
        assertTrue(text("response-body").contains(hostile), text("response-body"));
        assertNull(js.executeScript("return window.pwned"), "no visitor's script ran");
        assertTrue(browser.findElements(By.cssSelector("#detail img, #exchanges img")).isEmpty());

        body.findElement(By.cssSelector("input[type=checkbox]")).click();
        new Actions(browser).keyDown(Keys.SHIFT).click(path.findElement(By.cssSelector("input[type=checkbox]")))
                .keyUp(Keys.SHIFT).perform();
        waitFor(() -> text("export-har").equals("Export HAR (2)"));
        String href = browser.findElement(By.id("export-har")).getAttribute("href");
        String har = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "fetch(arguments[0]).then(r => r.text()).then(arguments[1])", href);
        Map<String, Object> parsed = (Map<String, Object>) JsonReader.parse(har);
        List<Object> entries = (List<Object>) ((Map<String, Object>) parsed.get("log")).get("entries");
        assertEquals(2, entries.size(), "only the selected: " + href);

        Path file = dir.resolve("two.har");
        Files.writeString(file, har);
        browser.findElement(By.id("import-har")).sendKeys(file.toString());
        waitFor(() -> text("toast").contains("Imported 2"));
        waitFor(() -> shown("/hostile").size() == 4);
        List<Long> ids = shown("/hostile");
        assertTrue(row(ids.get(3)).getText().contains("imported"), row(ids.get(3)).getText());
        row(ids.get(2)).click();
        waitFor(() -> text("detail-title").contains("#" + ids.get(2)) && text("response-body").contains("<script>"));
        assertNull(js.executeScript("return window.pwned"), "no visitor's script ran");
    }

    @Test
    void setsAreSavedAndReplayedShowingWhatChanged() throws Exception {
        visit("GET", "/counter?set=1", null, null);
        visit("GET", "/json?set=2", null, null);
        row("/counter?set=1").findElement(By.cssSelector("input[type=checkbox]")).click();
        row("/json?set=2").findElement(By.cssSelector("input[type=checkbox]")).click();
        type("set-name", "smoke");
        browser.findElement(By.id("save-set")).click();
        waitFor(() -> text("toast").contains("Saved set smoke (2)"));
        browser.findElement(By.id("tab-sets")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#sets tr[data-name='smoke']")).isEmpty());
        WebElement set = browser.findElement(By.cssSelector("#sets tr[data-name='smoke']"));
        assertTrue(set.getText().contains("2"), set.getText());
        set.findElement(By.xpath(".//button[text()='Replay']")).click();
        waitFor(() -> content("set-result").contains("Replayed smoke: 1 of 2 changed"));
        WebElement counter = browser.findElement(By.xpath("//*[@id='set-result']//tr[td[text()='/counter?set=1']]"));
        assertTrue(counter.getText().contains("body changed"), counter.getText());
        WebElement json = browser.findElement(By.xpath("//*[@id='set-result']//tr[td[text()='/json?set=2']]"));
        assertTrue(json.getText().contains("same"), json.getText());
        counter.findElement(By.xpath(".//button[text()='Diff']")).click();
        waitFor(() -> lines("#set-result .diff .add").stream().anyMatch(l -> l.startsWith("count ")));
        browser.findElement(By.cssSelector("#sets tr[data-name='smoke']")).findElement(
                By.xpath(".//button[text()='Delete']")).click();
        waitFor(() -> browser.findElements(By.cssSelector("#sets tr[data-name='smoke']")).isEmpty());
    }

    @Test
    void theConnectionsTabListsTcpConnectionsLive() throws Exception {
        browser.findElement(By.id("tab-connections")).click();
        try (java.net.Socket v = new java.net.Socket("127.0.0.1", tcp.socket().tcpPort())) {
            v.setSoTimeout(10_000);
            v.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
            assertEquals("hello", new String(v.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
            waitFor(() -> connectionRow("open") != null);
            js.executeScript("arguments[0].dataset.mark = 'same row'", connectionRow("open"));
            // No event says an open connection's counts moved: the tab reads them again while it shows.
            v.getOutputStream().write("world!".getBytes(StandardCharsets.UTF_8));
            assertEquals("world!", new String(v.getInputStream().readNBytes(6), StandardCharsets.UTF_8));
            waitFor(() -> connectionRow("open") != null && connectionRow("open").getText().contains("11 B"));
        }
        waitFor(() -> connectionRow("closed") != null && "same row".equals(connectionRow("closed")
                .getAttribute("data-mark")));
        String text = connectionRow("closed").getText();
        assertTrue(text.startsWith(connectionRow("closed").getAttribute("data-id") + " tcp 127.0.0.1:"), text);
        assertTrue(text.contains("11 B"), text);
    }

    @Test
    void theListKeepsTheNewestRowsAsTheAgentDoes() {
        browser.findElement(By.id("tab-exchanges")).click();
        long last = 0;
        for (int i = 0; i < ExchangeLog.KEEP + 40; i++) {
            last = log.add(new Exchange(0, java.time.Instant.now(), Exchange.State.DONE, "GET", "/many/" + i,
                    "HTTP/1.1", List.of(), null, 200, "OK", List.of(), null, 1, null, 0, 0), null).id();
        }
        long newest = last;
        waitFor(() -> !browser.findElements(By.cssSelector("#exchanges tbody tr[data-id='" + newest + "']"))
                .isEmpty());
        assertEquals((long) ExchangeLog.KEEP, js.executeScript(
                "return document.querySelectorAll('#exchanges tbody tr').length"));
    }

    /** The newest tcp row of the connections tab in that state, or null. */
    static WebElement connectionRow(String state) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#connections tbody tr")).stream()
                .filter(r -> r.getText().contains(" " + state + " ")).toList();
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    /**
     * The page with a few exchanges, the JSON one open, light then dark (the toggle remembered over a reload); first,
     * so that the other tests' exchanges are not in the pictures.
     */
    @Test
    @Order(1)
    void screenshotsInLightAndDark() throws Exception {
        visit("GET", "/", null, null);
        visit("GET", "/json?v=shot", null, null);
        visit("POST", "/api/orders", "{\"sku\":\"tea\",\"qty\":2}", "application/json", "Authorization",
                "Bearer s3cret");
        visit("GET", "/img.png", null, null);
        visit("POST", "/login", "user=ann&password=hunter2", "application/x-www-form-urlencoded");
        visit("GET", "/api/orders?page=2", null, null);
        for (String failing : List.of("/status/404", "/status/500")) {
            try (Response r = h.visitor.newCall(new Request.Builder().url(h.url(t.socket(), failing)).build())
                    .execute()) {
                assertEquals(Integer.parseInt(failing.substring(8)), r.code());
            }
        }
        browser.get(inspector.url());
        WebElement json = row("/json?v=shot");
        row("/img.png");
        json.click();
        waitFor(() -> !browser.findElements(By.cssSelector("#response-body .j-key")).isEmpty());
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        shot(shots.resolve("inspector-web-light.png"));
        browser.findElement(By.id("theme")).click();
        browser.navigate().refresh();
        waitFor(() -> "dark".equals(js.executeScript("return document.documentElement.dataset.theme")));
        row("/json?v=shot").click();
        waitFor(() -> !browser.findElements(By.cssSelector("#response-body .j-key")).isEmpty());
        shot(shots.resolve("inspector-web-dark.png"));
        browser.findElement(By.id("theme")).click();
        assertEquals("light", js.executeScript("return localStorage.getItem('portway-inspect-theme')"));
        row("/img.png").click();
        waitFor(() -> Long.valueOf(24).equals(js.executeScript("const i = document.querySelector('#response-body img');"
                + " return i && i.complete ? i.naturalWidth : null")));
        assertEquals("light", js.executeScript("return document.documentElement.dataset.theme"));
    }

    static void shot(Path to) throws IOException {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, to, StandardCopyOption.REPLACE_EXISTING);
    }
}

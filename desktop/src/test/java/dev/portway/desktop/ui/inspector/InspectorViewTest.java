// The inspector in the real app, against a real server, the app's own agent and a real local origin: a POST's heads
// and body in the details, a replay with the origin's new answer beside the old one and their diff, a request in
// flight turning from pending to done, a refused local service in red, a HAR export that parses and lists the
// exchanges, the search finding text in a body, secrets hidden until asked for, and the app's inspector page serving
// the same exchanges under the same ids (a replay made there listed in the pane).
package dev.portway.desktop.ui.inspector;

import static dev.portway.desktop.ui.TestApp.WAIT;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.inspect.TextDiff;
import dev.portway.desktop.ui.PortwayApp;
import dev.portway.desktop.ui.TestApp;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class InspectorViewTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    HttpServer origin;
    final AtomicInteger hellos = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    Stage window;
    PortwayApp app;
    final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @Start
    void start(Stage stage) throws Exception {
        window = stage;
        servers.start(TestServers.config(dir.resolve("server")));
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        origin.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        origin.createContext("/hello", ex -> answer(ex, 200, "hello #" + hellos.incrementAndGet()));
        origin.createContext("/missing", ex -> answer(ex, 404, "no such thing"));
        origin.createContext("/whoami", ex -> answer(ex, 200, "you sent " + ex.getRequestHeaders()
                .getFirst("Authorization")));
        origin.createContext("/logo.png", ex -> {
            byte[] png = png(24, 16);
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            ex.getResponseBody().write(png);
            ex.close();
        });
        origin.createContext("/slow", ex -> {
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "finally");
        });
        origin.start();
        app = TestApp.start(stage, dir, opened::add);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String text) throws
            java.io.IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    /** A small PNG, made here so the preview has a real image to decode. */
    private static byte[] png(int width, int height) throws java.io.IOException {
        var img = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @AfterEach
    void stop() {
        release.countDown();
        origin.stop(0);
    }

    private static String text(FxRobot robot, String query) {
        return fx(() -> {
            var n = robot.lookup(query).query();
            return n instanceof TextArea t ? t.getText() : n instanceof TextField f ? f.getText()
                    : ((Label) n).getText();
        });
    }

    /** Signs up, makes an http socket with a tunnel to the origin, switches it on; answers the socket's URL. */
    private URI online(FxRobot robot) {
        TestApp.signUp(robot, TestApp.api(servers.server()), "inspector@example.com");
        // Made as Share a port makes it (the sockets' own tests type it in): the subject here is what comes after.
        TestApp.sharePort(app, origin.getAddress().getPort());
        await().atMost(WAIT).until(() -> robot.lookup(".tunnel-status").tryQuery().isPresent()
                && "online".equals(text(robot, ".tunnel-status")));
        return URI.create(fx(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#socketUrl").query()).getText()));
    }

    /** One request to the edge, as a visitor sends it; answers the status line and body. */
    private static String visit(URI url, String method, String path, String headers, String body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", url.getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nConnection: close\r\n" + headers + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.substring(0, all.indexOf("\r\n")) + " | " + all.substring(all.indexOf("\r\n\r\n") + 4);
        }
    }

    @SuppressWarnings("unchecked")
    private static TableView<ExchangeRow> log(FxRobot robot) {
        return robot.lookup("#requestLog").queryAs(TableView.class);
    }

    /** The row of the newest exchange to path, once it has ended. */
    private static ExchangeRow ended(FxRobot robot, String path) {
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getItems().stream()
                .anyMatch(r -> r.exchange().target().equals(path) && !r.pending())));
        return fx(() -> log(robot).getItems().stream().filter(r -> r.exchange().target().equals(path)).findFirst()
                .orElseThrow());
    }

    /**
     * Clicks the path's cell, as a person picks a request to look at; again if the table moved under the pointer
     * (a search that just narrowed the list lays it out anew).
     */
    private static void select(FxRobot robot, ExchangeRow row) {
        await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn(pathCell(robot, row));
            return fx(() -> log(robot).getSelectionModel().getSelectedItem() == row);
        });
    }

    private static TableRow<?> tableRow(FxRobot robot, ExchangeRow row) {
        return fx(() -> robot.lookup("#requestLog .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() == row).findFirst().orElseThrow());
    }

    private static Color statusColor(FxRobot robot, ExchangeRow row) {
        return fx(() -> (Color) robot.lookup("#requestLog .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() == row
                        && c.getTableColumn().getText().equals("Status"))
                .findFirst().orElseThrow().getTextFill());
    }

    private void aPostsHeadsAndBodyShowAndAReplayGetsTheOriginsNewAnswer(FxRobot robot, URI url) throws Exception {
        assertEquals("HTTP/1.1 201 Created | {\"name\":\"ada\",\"tags\":[1,2]}", visit(url, "POST", "/echo",
                "Content-Type: application/json\r\nX-Trace: abc123\r\n", "{\"name\":\"ada\",\"tags\":[1,2]}"));
        select(robot, ended(robot, "/echo"));

        String head = text(robot, "#requestHeaders");
        assertTrue(head.startsWith("POST /echo HTTP/1.1\n"), head);
        assertTrue(head.contains("X-Trace: abc123\n"), head);
        assertTrue(text(robot, "#responseHeaders").startsWith("HTTP/1.1 201 Created\n"),
                text(robot, "#responseHeaders"));
        // JSON is shown formatted, one field a line.
        assertTrue(text(robot, "#requestBody").contains("\"name\" : \"ada\",\n"), text(robot, "#requestBody"));
        assertTrue(text(robot, "#responseBody").contains("\"name\" : \"ada\",\n"), text(robot, "#responseBody"));
        assertEquals("POST /echo → 201 Created", text(robot, "#exchangeSummary"));
        assertFalse(fx(() -> robot.lookup("#responseBodyImage").query().isVisible()), "JSON is no image");

        assertTrue(visit(url, "GET", "/logo.png", "", "").startsWith("HTTP/1.1 200"));
        select(robot, ended(robot, "/logo.png"));
        robot.clickOn("Response");
        assertTrue(fx(() -> robot.lookup("#responseBodyImage").query().isVisible()), "an image is previewed");
        assertEquals(24.0, fx(() -> ((javafx.scene.image.ImageView) robot.lookup("#responseBodyImage").query())
                .getImage().getWidth()));
        assertTrue(text(robot, "#responseBody").startsWith("image/png, "), text(robot, "#responseBody"));

        assertEquals("HTTP/1.1 200 OK | hello #1", visit(url, "GET", "/hello", "", ""));
        select(robot, ended(robot, "/hello"));
        robot.clickOn("#replay");
        assertEquals("/hello", text(robot, "#replayPath"));
        robot.clickOn("#replaySend");
        await().atMost(WAIT).until(() -> text(robot, "#replayResponse").contains("hello #2"));
        assertTrue(text(robot, "#replayResponse").startsWith("HTTP/1.1 200"), text(robot, "#replayResponse"));
        assertTrue(text(robot, "#replayOriginal").contains("hello #1"), "the old answer beside the new one");
        assertEquals(2, hellos.get(), "the replay went to the origin, once");
        assertEquals("Changed: body", text(robot, "#replayDiffState"));
        List<TextDiff.Line> diff = diffLines(robot);
        assertTrue(diff.contains(new TextDiff.Line('-', "hello #1")), diff.toString());
        assertTrue(diff.contains(new TextDiff.Line('+', "hello #2")), diff.toString());
        assertTrue(diff.contains(new TextDiff.Line(' ', "HTTP/1.1 200 OK")), diff.toString());
        // The list opens at the body's change, the removed line styled as one (red).
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#replayDiff .list-cell")
                .queryAllAs(javafx.scene.control.ListCell.class).stream().anyMatch(c -> c.isVisible()
                        && c.getStyleClass().contains("diff-removed") && "- hello #1".equals(c.getText()))));

        // Edited: another path, to the same local service.
        robot.doubleClickOn("#replayPath").eraseText(20).write("/missing");
        robot.clickOn("#replaySend");
        await().atMost(WAIT).until(() -> text(robot, "#replayResponse").startsWith("HTTP/1.1 404"));
        assertTrue(text(robot, "#replayResponse").contains("no such thing"));
        assertEquals("Changed: status and body", text(robot, "#replayDiffState"));

        // Another row, with the Replay tab still open: the editor shows that row's request, not the edited one.
        select(robot, ended(robot, "/echo"));
        assertEquals("/echo", text(robot, "#replayPath"));
        assertEquals("POST", text(robot, "#replayMethod"));
        assertEquals("", text(robot, "#replayResponse"));
    }

    /** Lines of a text area in view: its viewport's height over one line of its text. */
    private static double linesInView(FxRobot robot, String query) {
        return fx(() -> {
            TextArea area = robot.lookup(query).queryAs(TextArea.class);
            javafx.scene.text.Text text = (javafx.scene.text.Text) area.lookup(".text");
            double line = text.getLayoutBounds().getHeight() / text.getText().split("\n", -1).length;
            var viewport = area.lookup(".scroll-pane").lookup(".viewport");
            return viewport.getLayoutBounds().getHeight() / line;
        });
    }

    /** Whether the whole node is inside the window (the scene) and each scroll pane or split around it. */
    private static boolean wholeInView(FxRobot robot, String query) {
        return fx(() -> {
            javafx.scene.Node n = robot.lookup(query).query();
            javafx.geometry.Bounds b = n.localToScene(n.getLayoutBounds());
            javafx.scene.Scene scene = n.getScene();
            boolean inWindow = b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= scene.getWidth() + 0.5
                    && b.getMaxY() <= scene.getHeight() + 0.5;
            for (javafx.scene.Parent p = n.getParent(); p != null; p = p.getParent()) {
                javafx.geometry.Bounds pb = p.localToScene(p.getLayoutBounds());
                if (!pb.contains(b.getMinX() + 0.5, b.getMinY() + 0.5)
                        || !pb.contains(b.getMaxX() - 0.5, b.getMaxY() - 0.5)) {
                    return false;
                }
            }
            return inWindow && n.isVisible() && b.getWidth() > 0 && b.getHeight() > 0;
        });
    }

    /** The text a button shows, which JavaFX cuts to "S…" when the button is squeezed below its label. */
    private static String rendered(FxRobot robot, String query) {
        return fx(() -> ((javafx.scene.text.Text) robot.lookup(query).query().lookup(".text")).getText());
    }

    private void atTheDefaultSizeTheHeadersSendAndTheReplayedAnswerAreInView(FxRobot robot, URI url) throws Exception {
        assertTrue(visit(url, "POST", "/echo?layout=1", "Content-Type: application/json\r\nX-Trace: abc123\r\n"
                + "Accept: application/json\r\nUser-Agent: layout-test\r\n", "{\"name\":\"ada\"}")
                .startsWith("HTTP/1.1 201"));
        select(robot, ended(robot, "/echo?layout=1"));
        double heads = linesInView(robot, "#requestHeaders");
        assertTrue(heads >= 4, "the request's heads show " + heads + " lines");
        assertTrue(wholeInView(robot, "#requestHeaders"));
        assertTrue(linesInView(robot, "#requestBody") >= 2, "and its body below them");
        assertTrue(wholeInView(robot, "#requestBody"));

        robot.clickOn("#replay");
        assertEquals("Send", rendered(robot, "#replaySend"));
        assertTrue(wholeInView(robot, "#replaySend"), "Send is in view");
        assertTrue(linesInView(robot, "#replayHeaders") >= 3, "the headers to edit show several lines");
        robot.clickOn("#replaySend");
        await().atMost(WAIT).until(() -> text(robot, "#replayResponse").startsWith("HTTP/1.1 201"));
        assertTrue(wholeInView(robot, "#replayDiff"), "the diff is in view");
        assertTrue(wholeInView(robot, "#replayDiffState"), "and whether the answer changed");
        assertTrue(fx(() -> robot.lookup("#replayDiff").queryAs(ListView.class).getHeight()) >= 60,
                "the diff shows several lines");
        robot.clickOn("#replayShowSides");
        assertTrue(wholeInView(robot, "#replayResponse"), "the replayed answer is in view");
        assertTrue(wholeInView(robot, "#replayOriginal"), "and the old one beside it");
        double answer = linesInView(robot, "#replayResponse");
        assertTrue(answer >= 4, "the replayed answer shows " + answer + " lines");
        await().atMost(WAIT).until(() -> "Unchanged".equals(text(robot,
                "#replayDiffState")));
        assertTrue(diffLines(robot).stream().noneMatch(l -> l.text().contains("ada") && l.changed()),
                "only headers such as Date differ: " + diffLines(robot));
    }

    @SuppressWarnings("unchecked")
    private static List<TextDiff.Line> diffLines(FxRobot robot) {
        return fx(() -> List.copyOf(robot.lookup("#replayDiff").queryAs(ListView.class).getItems()));
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    /** The app's inspector page, as "Open inspector in browser" opens it. */
    private String page(FxRobot robot) {
        await().atMost(WAIT).until(() -> !fx(() -> robot.lookup("#openInspector").query().isDisable()));
        robot.clickOn("#openInspector");
        await().atMost(WAIT).until(() -> !opened.isEmpty());
        return opened.get(opened.size() - 1);
    }

    private void selectedRowsSaveAsASetThatReplaysAndSaysWhichAnswersChanged(FxRobot robot, URI url) throws Exception {
        visit(url, "POST", "/echo?in=set", "Content-Type: application/json\r\n", "{\"n\":1}");
        visit(url, "GET", "/hello?token=t-9", "", "");
        visit(url, "GET", "/missing", "", "");
        int hellosBefore = hellos.get();
        ExchangeRow echo = ended(robot, "/echo?in=set");
        ExchangeRow hello = ended(robot, "/hello?token=t-9");
        select(robot, echo);
        robot.press(javafx.scene.input.KeyCode.CONTROL);
        try {
            robot.clickOn(pathCell(robot, hello));
        } finally {
            robot.release(javafx.scene.input.KeyCode.CONTROL);
        }
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getSelectionModel().getSelectedItems().size()) == 2);
        var namer = TrafficPane.setNamer;
        TrafficPane.setNamer = w -> "checkout";
        try {
            robot.clickOn("#saveSet");
        } finally {
            TrafficPane.setNamer = namer;
        }
        await().atMost(WAIT).until(() -> "checkout".equals(fx(() -> robot.lookup("#savedSets")
                .queryAs(javafx.scene.control.ComboBox.class).getValue())));
        // The page's files: the set is listed there too, with its two exchanges.
        JsonNode sets = get(page(robot) + "api/sets").get("sets");
        assertEquals(1, sets.size(), sets.toString());
        assertEquals("checkout", sets.get(0).get("name").asText());
        assertEquals(2, sets.get(0).get("count").asInt());

        robot.clickOn("#replaySet");
        await().atMost(WAIT).until(() -> robot.lookup("#setResults").tryQuery().isPresent()
                && fx(() -> robot.lookup("#setResults").queryAs(TableView.class).getItems().size()) == 2);
        List<String> results = fx(() -> robot.lookup("#setResults").queryAs(TableView.class).getItems().stream()
                .map(r -> ((dev.portway.agent.engine.inspect.SetReplay.Result) r).original().target() + " "
                        + ((dev.portway.agent.engine.inspect.SetReplay.Result) r).changed()).toList());
        assertEquals(List.of("/echo?in=set false", "/hello?token=t-9 true"), results, "the same echo, a new hello");
        // The results window shows the path as the log does: the secret's value hidden.
        List<String> paths = fx(() -> robot.lookup("#setResults .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn().getText().equals("Path") && c.getText() != null)
                .map(TableCell::getText).toList());
        assertTrue(paths.contains("/hello?token=[redacted]"), paths.toString());
        assertEquals("Set checkout: 1 of 2 answers changed", text(robot, "#setReplaySummary"));
        assertEquals(hellosBefore + 1, hellos.get(), "the set's hello went to the origin once more");
        // Its window closed, as a person would, so it covers nothing the next steps click.
        fx(() -> {
            robot.lookup("#setResults").query().getScene().getWindow().hide();
            return null;
        });
    }

    private static TableCell<?, ?> pathCell(FxRobot robot, ExchangeRow row) {
        return fx(() -> robot.lookup("#requestLog .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() == row && c.isVisible()
                        && c.getTableRow().isVisible() && c.getTableColumn().getText().equals("Path"))
                .findFirst().orElseThrow());
    }

    private void theSearchFindsABodySecretsHideAndThePageListsTheSameExchanges(FxRobot robot, URI url)
            throws Exception {
        visit(url, "POST", "/echo", "Content-Type: application/json\r\nAuthorization: Bearer s3cret-token\r\n",
                "{\"sku\":\"blue-teapot\"}");
        visit(url, "GET", "/hello", "", "");
        ended(robot, "/hello");
        robot.clickOn("#requestFilter").write("TEAPOT");
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getItems().size()) == 1);
        assertEquals("/echo", fx(() -> log(robot).getItems().get(0).exchange().target()), "text in a body");
        ExchangeRow echo = fx(() -> log(robot).getItems().get(0));

        select(robot, echo);
        assertTrue(text(robot, "#requestHeaders").contains("Authorization: Bearer [redacted]\n"),
                text(robot, "#requestHeaders"));
        assertFalse(text(robot, "#requestHeaders").contains("s3cret"), "hidden by default");
        robot.clickOn("#showSecrets");
        assertTrue(text(robot, "#requestHeaders").contains("Authorization: Bearer s3cret-token\n"),
                text(robot, "#requestHeaders"));
        robot.clickOn("#showSecrets");
        assertFalse(text(robot, "#requestHeaders").contains("s3cret"), "hidden again");

        robot.doubleClickOn("#requestFilter").eraseText(10);
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getItems().get(0).exchange().target()
                .equals("/hello")));
        String page = page(robot);
        assertTrue(page.matches("http://127\\.0\\.0\\.1:\\d+/"), page);
        JsonNode listed = get(page + "api/exchanges").get("exchanges");
        List<String> onPage = new java.util.ArrayList<>();
        listed.forEach(x -> onPage.add(x.get("id").asLong() + " " + x.get("path").asText()));
        List<String> inPane = fx(() -> log(robot).getItems().stream()
                .map(r -> r.id() + " " + r.exchange().target()).toList());
        assertEquals(List.of(inPane.get(1), inPane.get(0)), onPage.subList(onPage.size() - 2, onPage.size()),
                "the same exchanges, the same ids");
        assertEquals(inPane.size(), onPage.size(), "all of them");

        // A replay made on the page is listed in the pane, under the id the page gave it.
        long hello = fx(() -> log(robot).getItems().get(0).id());
        String next = "hello #" + (hellos.get() + 1);
        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(page + "api/exchanges/" + hello
                + "/replay")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replayed.statusCode(), replayed.body());
        long id = new ObjectMapper().readTree(replayed.body()).get("id").asLong();
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getItems().stream().anyMatch(r -> r.id() == id
                && r.exchange().responseBody().text().equals(next))));

        // The replay editor hides the secret too, and a hidden value left as it is goes with its real value.
        visit(url, "GET", "/whoami?api_key=k-42", "Authorization: Bearer s3cret-token\r\n", "");
        ExchangeRow whoami = ended(robot, "/whoami?api_key=k-42");
        // The log's Path column hides the query's secret as the details do, and shows it with them.
        await().atMost(WAIT).until(() -> "/whoami?api_key=[redacted]".equals(fx(() -> pathCell(robot, whoami)
                .getText())));
        select(robot, whoami);
        robot.clickOn("#showSecrets");
        await().atMost(WAIT).until(() -> "/whoami?api_key=k-42".equals(fx(() -> pathCell(robot, whoami)
                .getText())));
        robot.clickOn("#showSecrets");
        robot.clickOn("#replay");
        assertTrue(text(robot, "#replayHeaders").contains("Authorization: Bearer [redacted]\n"),
                text(robot, "#replayHeaders"));
        assertFalse(text(robot, "#replayPath").contains("k-42"), text(robot, "#replayPath"));
        robot.clickOn("#replaySend");
        await().atMost(WAIT).until(() -> text(robot, "#replayResponse").startsWith("HTTP/1.1 200"));
        assertEquals("/whoami?api_key=k-42", fx(() -> log(robot).getItems().get(0).exchange().target()),
                "the real query went");
        assertTrue(fx(() -> log(robot).getItems().get(0).exchange().responseBody().text())
                .equals("you sent Bearer s3cret-token"), "the real credential went");
    }

    private void aRequestInFlightIsPendingWithTimeTickingThenDone(FxRobot robot, URI url) throws Exception {
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return visit(url, "GET", "/slow", "", "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(() -> fx(() -> log(robot).getItems().stream()
                .anyMatch(r -> r.exchange().target().equals("/slow"))));
        ExchangeRow row = fx(() -> log(robot).getItems().get(0));
        assertTrue(fx(row::pending));
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#requestLog .table-cell")
                .queryAllAs(TableCell.class).stream().anyMatch(c -> "…".equals(c.getText()))));
        assertTrue(fx(() -> tableRow(robot, row).getStyleClass().contains(ExchangeRow.PENDING)));
        // The app's once-a-second sampler moves the elapsed time on while the origin holds the answer.
        await().atMost(WAIT).until(() -> fx(row::durationText).matches("[1-9]\\d* s…"));
        select(robot, row);
        assertEquals("GET /slow → waiting…", text(robot, "#exchangeSummary"));
        assertFalse(slow.isDone());

        release.countDown();
        assertEquals("HTTP/1.1 200 OK | finally", slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> "200".equals(fx(row::statusText)));
        await().atMost(WAIT).until(() -> fx(() -> !tableRow(robot, row).getStyleClass()
                .contains(ExchangeRow.PENDING)));
        assertEquals(1, fx(() -> log(robot).getItems().stream().filter(r -> r.exchange().target().equals("/slow"))
                .count()), "the same row, now done");
        await().atMost(WAIT).until(() -> "GET /slow → 200 OK".equals(text(robot, "#exchangeSummary")));
        assertTrue(text(robot, "#responseBody").contains("finally"), "the details follow the row as it ends");
    }

    private void aRefusedLocalServiceIsA502InRedAndA404InAmber(FxRobot robot, URI url) throws Exception {
        assertTrue(visit(url, "GET", "/missing", "", "").startsWith("HTTP/1.1 404"));
        ExchangeRow missing = ended(robot, "/missing");
        origin.stop(0);
        assertTrue(visit(url, "GET", "/gone", "", "").startsWith("HTTP/1.1 502"));
        ExchangeRow gone = ended(robot, "/gone");
        assertEquals("502 failed", fx(gone::statusText));
        await().atMost(WAIT).until(() -> fx(() -> tableRow(robot, gone).getStyleClass()
                .contains(ExchangeRow.DANGER)));
        assertTrue(fx(() -> tableRow(robot, missing).getStyleClass().contains(ExchangeRow.WARNING)));
        Color red = statusColor(robot, gone);
        Color amber = statusColor(robot, missing);
        assertTrue(red.getRed() > red.getGreen() + 0.3 && red.getRed() > red.getBlue() + 0.3, "red: " + red);
        assertTrue(amber.getRed() > amber.getBlue() + 0.3 && amber.getGreen() > amber.getBlue() + 0.1,
                "amber: " + amber);

        select(robot, gone);
        assertTrue(text(robot, "#exchangeFailure").startsWith("could not reach 127.0.0.1:"),
                text(robot, "#exchangeFailure"));
    }

    private void theLogExportsAsHarAndCaptureCanBeSwitchedOff(FxRobot robot, URI url) throws Exception {
        Path har = dir.resolve("log.har");
        var fileDialog = TrafficPane.harChooser;
        TrafficPane.harChooser = w -> har;
        try {
            visit(url, "GET", "/hello", "", "");
            visit(url, "POST", "/echo", "Content-Type: application/json\r\n", "[1,2,3]");
            ended(robot, "/echo");
            ended(robot, "/hello");
            robot.clickOn("#exportHar");
            await().atMost(WAIT).until(() -> Files.exists(har) && Files.size(har) > 0);
            JsonNode log = new ObjectMapper().readTree(har.toFile()).get("log");
            assertEquals("1.2", log.get("version").asText());
            assertEquals(2, log.get("entries").size());
            JsonNode first = log.get("entries").get(0);
            assertTrue(first.get("request").get("url").asText().endsWith("/hello"), first.toString());
            assertEquals(200, first.get("response").get("status").asInt());
            assertEquals("hello #1", first.get("response").get("content").get("text").asText());
            JsonNode second = log.get("entries").get(1);
            assertEquals("POST", second.get("request").get("method").asText());
            assertEquals("[1,2,3]", second.get("request").get("postData").get("text").asText());
        } finally {
            TrafficPane.harChooser = fileDialog;
        }

        robot.clickOn("#capture");
        visit(url, "GET", "/hello?after=off", "X-Secret: s3cret\r\n", "");
        ExchangeRow off = ended(robot, "/hello?after=off");
        assertEquals(List.of(), fx(() -> off.exchange().requestHeaders()), "capture off keeps no heads");
        assertEquals("200", fx(off::statusText), "the log still lists it");

        // Someone looks at the inspector's page: the tunnel captures again, switch or not.
        get(page(robot) + "api/exchanges");
        visit(url, "GET", "/hello?watched=yes", "X-Secret: s3cret\r\n", "");
        ExchangeRow watched = ended(robot, "/hello?watched=yes");
        assertTrue(fx(() -> watched.exchange().requestHeader("x-secret").isPresent()),
                "captured while the page looks");
        robot.clickOn("#capture");
    }

    // One app, signed in with one tunnel, per test below: each starts a server and the app and signs up, which costs
    // more than the steps it checks, so the steps that can share a log share one (in an order none disturbs).

    @Test
    void detailsReplayAndTheirLayoutAtTheDefaultSize(FxRobot robot) throws Exception {
        assertEquals(1120.0, fx(() -> window.getScene().getWidth()), "the default size");
        assertEquals(740.0, fx(() -> window.getScene().getHeight()));
        URI url = online(robot);
        aPostsHeadsAndBodyShowAndAReplayGetsTheOriginsNewAnswer(robot, url);
        // Back to the Request tab, as a person would, to see the next request's heads.
        robot.clickOn(fx(() -> robot.lookup(".tab-pane .tab-label").queryAllAs(javafx.scene.control.Label.class)
                .stream().filter(l -> "Request".equals(l.getText())).findFirst().orElseThrow()));
        atTheDefaultSizeTheHeadersSendAndTheReplayedAnswerAreInView(robot, url);
    }

    @Test
    void harAndCaptureThenSetsThenSearchSecretsAndThePage(FxRobot robot) throws Exception {
        URI url = online(robot);
        // First: the page, once looked at, makes every tunnel capture for minutes, Capture switch or not.
        theLogExportsAsHarAndCaptureCanBeSwitchedOff(robot, url);
        selectedRowsSaveAsASetThatReplaysAndSaysWhichAnswersChanged(robot, url);
        theSearchFindsABodySecretsHideAndThePageListsTheSameExchanges(robot, url);
    }

    @Test
    void pendingThenDoneThenARefusedLocalService(FxRobot robot) throws Exception {
        URI url = online(robot);
        aRequestInFlightIsPendingWithTimeTickingThenDone(robot, url);
        aRefusedLocalServiceIsA502InRedAndA404InAmber(robot, url); // last: it stops the origin
    }
}

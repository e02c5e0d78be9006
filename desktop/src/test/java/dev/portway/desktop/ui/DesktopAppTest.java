// The real app against a real server and a real local service: sign up, create (http, tcp), switch on, see traffic,
// fail, off; another agent's tunnel live in the app, taken over only when confirmed; dialogs that keep bad input, a
// banner that moves nothing, sign-out, and both themes.
package dev.portway.desktop.ui;

import static dev.portway.desktop.ui.TestApp.WAIT;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.ui.common.PreferencesModel;
import dev.portway.desktop.ui.inspector.ExchangeRow;
import dev.portway.desktop.ui.tray.TrayModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.TestServers;
import dev.portway.server.config.AccountLimits;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.control.ToggleButton;
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
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class DesktopAppTest {
    @TempDir
    static Path dir;
    PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    HttpServer origin;
    Path config;
    PortwayApp app;

    @Start
    void start(Stage stage) throws Exception {
        server = servers.start(TestServers.config(dir.resolve("server")));
        origin = TestServers.origin(ex -> "hello from the origin at " + ex.getRequestURI());
        config = dir.resolve("config");
        app = TestApp.start(stage, dir);
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    private static String text(FxRobot robot, String query) {
        return fx(() -> ((Label) robot.lookup(query).query()).getText());
    }

    /** What a label shows on screen: its text as laid out, cut short with an ellipsis where it does not fit. */
    private static String onScreen(FxRobot robot, String query) {
        return fx(() -> ((javafx.scene.text.Text) robot.lookup(query).queryAs(Label.class).lookup(".text")).getText());
    }

    private HttpResponse<String> visit(String url) throws Exception {
        URI u = URI.create(url);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + u.getPort() + "/page"))
                .header("Host", u.getHost() + ":" + u.getPort()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an account in the sign-in view and waits for the main window; returns the API's URL. */
    private String signUp(FxRobot robot, String email) {
        String api = TestApp.api(server);
        TestApp.signUp(robot, api, email);
        assertTrue(text(robot, "#account").startsWith(email));
        return api;
    }

    private static boolean shown(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).query().isVisible());
    }

    @Test
    void signUpShareAPortAndWatchItsTraffic(FxRobot robot) throws Exception {
        String api = signUp(robot, "desk@example.com");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.resolve("portway/config.json"))));

        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("my laptop");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#sockets").queryAs(ListView.class).getItems().size())
                == 1);
        assertEquals("my laptop  (http)", text(robot, "#socketTitle"));

        robot.clickOn("#addTunnel");
        await().atMost(WAIT).until(() -> robot.lookup(".tunnel-switch").tryQuery().isPresent());
        TextField port = robot.lookup(".port-field").queryAs(TextField.class);
        robot.doubleClickOn(port).eraseText(10).write(Integer.toString(origin.getAddress().getPort()));
        TextField host = robot.lookup(".host-field").queryAs(TextField.class);
        robot.doubleClickOn(host).eraseText(20).write("127.0.0.1");

        robot.clickOn(".tunnel-switch");
        await().atMost(WAIT).until(() -> "online".equals(text(robot, ".tunnel-status")));
        assertTrue(fx(() -> robot.lookup(".tunnel-switch").queryAs(ToggleButton.class).isSelected()));

        String url = fx(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#socketUrl").query()).getText());
        HttpResponse<String> res = visit(url);
        assertEquals(200, res.statusCode());
        assertEquals("hello from the origin at /page", res.body());

        await().atMost(WAIT).until(() -> fx(() -> {
            TableView<?> log = robot.lookup("#requestLog").queryAs(TableView.class);
            return log.getItems().size() == 1 && ((ExchangeRow) log.getItems().get(0)).exchange().target()
                    .equals("/page") && !((ExchangeRow) log.getItems().get(0)).pending();
        }));
        assertEquals(30, fx(() -> ((ExchangeRow) robot.lookup("#requestLog").queryAs(TableView.class).getItems()
                .get(0)).exchange().responseBody().size()), "the body's size, as logged");
        // The counters count every byte on the wire (headers too), sampled once a second.
        await().atMost(WAIT).until(() -> text(robot, "#totals").matches("In \\d+ B · Out \\d+ B")
                && !text(robot, "#totals").equals("In 0 B · Out 0 B"));

        origin.stop(0);
        assertEquals(502, visit(url).statusCode());
        await().atMost(WAIT).until(() -> text(robot, ".tunnel-status").startsWith("error: could not reach 127.0.0.1:"));

        robot.clickOn(".tunnel-switch");
        await().atMost(WAIT).until(() -> "off".equals(text(robot, ".tunnel-status")));
        ApiClient client = new ApiClient(api, null);
        String token = client.login("desk@example.com", "password1").token();
        await().atMost(WAIT).until(() -> client.withToken(token).sockets().get(0).tunnels().stream()
                .allMatch(t -> TunnelInfo.OFFLINE.equals(t.status())));
    }

    @Test
    void anotherAgentsTunnelShowsLiveAndIsTakenOverOnlyWhenConfirmed(FxRobot robot) throws Exception {
        String api = signUp(robot, "live@example.com");
        ApiClient cli = new ApiClient(api, null);
        cli = cli.withToken(cli.login("live@example.com", "password1").token());

        // Made and connected from the command line: the app hears of each step, with no click.
        SocketInfo socket = cli.createSocket("elsewhere", "http");
        TunnelInfo tunnel = cli.createTunnel(socket.socketId());
        String shortId = tunnel.tunnelId().substring(0, 8);
        String state = "#state-" + shortId;
        await().atMost(WAIT).until(() -> robot.lookup(state).tryQuery().isPresent());
        assertEquals("offline", text(robot, state));
        assertFalse(fx(() -> robot.lookup(state).query().isVisible()), "\"off\" says it; no \"offline\" under it");
        AppModelTest.LastStatus other = new AppModelTest.LastStatus();
        try (TunnelAgent agent = TunnelLauncher.launch(cli, socket.socketId(), tunnel.tunnelId(),
                new LocalTarget("127.0.0.1", origin.getAddress().getPort()), other)) {
            await().atMost(WAIT).until(() -> other.status == AgentStatus.ONLINE);
            String host = cli.tunnel(socket.socketId(), tunnel.tunnelId()).agentHost();
            await().atMost(WAIT).until(() -> text(robot, state).startsWith("online via another agent (" + host
                    + ", since "));
            assertEquals("off", text(robot, "#status-" + shortId), "this app's own agent is not running it");
            String port = String.valueOf(origin.getAddress().getPort());
            assertEquals(port, fx(() -> robot.lookup("#port-" + shortId).queryAs(TextField.class).getText()),
                    "the row shows the port the other agent serves, not this app's default");
            assertTrue(fx(() -> robot.lookup(state).query().isVisible()));
            assertEquals(text(robot, state), onScreen(robot, state),
                    "the whole state is readable in the default window");

            // Its traffic, as the server counts it, shows in the app.
            assertEquals(200, visit(socket.url()).statusCode());
            await().atMost(WAIT).until(() -> !text(robot, "#totals").equals("In 0 B · Out 0 B"));

            robot.clickOn("#switch-" + shortId);
            String ask = "Take it over from " + host + "?";
            await().atMost(WAIT).until(() -> robot.lookup(ask).tryQuery().isPresent());
            TestApp.answerDialog(robot, "Cancel");
            await().atMost(WAIT).until(() -> robot.lookup(ask).tryQuery().isEmpty());
            assertFalse(fx(() -> robot.lookup("#switch-" + shortId).queryAs(ToggleButton.class).isSelected()));
            assertEquals(AgentStatus.ONLINE, other.status, "the other agent is left alone");
            assertEquals(host, cli.tunnel(socket.socketId(), tunnel.tunnelId()).agentHost());
            assertTrue(text(robot, state).startsWith("online via another agent ("));

            robot.clickOn("#switch-" + shortId);
            await().atMost(WAIT).until(() -> robot.lookup(ask).tryQuery().isPresent());
            TestApp.answerDialog(robot, "OK");
            await().atMost(WAIT).until(() -> "online here".equals(text(robot, state)));
            await().atMost(WAIT).until(() -> other.status == AgentStatus.ERROR);
            assertTrue(other.detail.startsWith("replaced by another agent: the tunnel's credential was renewed"),
                    other.detail);
            assertEquals("online", text(robot, "#status-" + shortId));
            assertEquals(200, visit(socket.url()).statusCode(), "taken over on the port the other agent served");
        }
    }

    @Test
    void createATcpSocketInTheDialogAndSeeItsAddress(FxRobot robot) {
        String api = signUp(robot, "tcp@example.com");
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("ssh at home");
        robot.clickOn("#socketType-tcp");
        assertTrue(fx(() -> robot.lookup("#protect").query().isDisabled()), "no passwords on a tcp socket");
        robot.clickOn("#allowIps").write("127.0.0.1, 10.0.0.0/8");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#sockets").queryAs(ListView.class).getItems().size())
                == 1);
        assertEquals("ssh at home  (tcp)", text(robot, "#socketTitle"));

        ApiClient client = new ApiClient(api, null);
        SocketInfo info = client.withToken(client.login("tcp@example.com", "password1").token()).sockets().get(0);
        String address = text(robot, "#socketAddress");
        assertEquals(info.dnsName() + ":" + info.tcpPort(), address);
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertEquals(info.tcpPort(), port);
        assertTrue(port >= 20000 && port <= 20999, "in the server's --tcp-ports range: " + port);
        assertEquals(List.of("127.0.0.1/32", "10.0.0.0/8"), info.allowIps());
        assertEquals(address, text(robot, ".socket-url"), "the list shows the address too");
        // No tunnel exposes an ssh server (port 22) yet: nc, which fits any service.
        assertEquals("nc 127.0.0.1 " + port, fx(() -> robot.lookup("#socketHint").queryAs(TextField.class).getText()));
        assertEquals("2 allowed networks", text(robot, "#socketAccess"));
        assertFalse(shown(robot, "#openUrl"), "a browser has nothing to open on a tcp socket");
        assertFalse(shown(robot, "#socketUrl"));
        robot.clickOn("#copyUrl");
        assertEquals(address, fx(() -> Clipboard.getSystemClipboard().getString()));

        // The server refuses the allow list: the dialog stays open, says why, and keeps what was typed.
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("typo");
        robot.clickOn("#allowIps").write("10.0.0.0/8 nowhere");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> !text(robot, "#dialogError").isEmpty());
        assertTrue(text(robot, "#dialogError").startsWith("\"nowhere\" is not an IP address or CIDR block"),
                text(robot, "#dialogError"));
        assertEquals("typo", fx(() -> robot.lookup("#socketName").queryAs(TextField.class).getText()));
        assertEquals("10.0.0.0/8 nowhere", fx(() -> robot.lookup("#allowIps").queryAs(TextField.class).getText()));
        assertFalse(shown(robot, "#error"), "said in the dialog, not in the banner");
        robot.clickOn("#allowIps").eraseText(8);
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> robot.lookup("#socketName").tryQuery().isEmpty());
        await().atMost(WAIT).until(() -> "typo  (http)".equals(text(robot, "#socketTitle")));
    }

    /**
     * udp in both choosers: a udp socket made in the dialog shows its address (list, detail, copy) and an nc -u line;
     * a udp share of port 53 makes a udp socket whose tunnel goes online, tried with dig; a visitor's flow is an open
     * connection in its traffic.
     */
    @Test
    void createAndShareAUdpSocketAndSeeItsAddress(FxRobot robot) throws Exception {
        String api = signUp(robot, "udp@example.com");
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("game server");
        robot.clickOn("#socketType-udp");
        assertTrue(text(robot, "#socketTypeAbout").startsWith("Any UDP service"), text(robot, "#socketTypeAbout"));
        assertTrue(fx(() -> robot.lookup("#protect").query().isDisabled()), "no passwords on a udp socket");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> listed(robot) == 1);
        assertEquals("game server  (udp)", text(robot, "#socketTitle"));
        ApiClient client = new ApiClient(api, null);
        ApiClient owner = client.withToken(client.login("udp@example.com", "password1").token());
        SocketInfo info = owner.sockets().get(0);
        assertEquals("udp", info.socketType());
        String address = text(robot, "#socketAddress");
        assertEquals(info.dnsName() + ":" + info.udpPort(), address);
        assertEquals(address, text(robot, ".socket-url"), "the list shows the address too");
        assertEquals("nc -u 127.0.0.1 " + info.udpPort(),
                fx(() -> robot.lookup("#socketHint").queryAs(TextField.class).getText()));
        assertFalse(shown(robot, "#openUrl"), "a browser has nothing to open on a udp socket");
        robot.clickOn("#copyUrl");
        assertEquals(address, fx(() -> Clipboard.getSystemClipboard().getString()));

        robot.clickOn("#sharePortButton");
        await().atMost(WAIT).until(() -> robot.lookup("#sharePort").tryQuery().isPresent());
        robot.clickOn("#shareType-udp");
        assertTrue(text(robot, "#shareTypeAbout").startsWith("Any UDP service"), text(robot, "#shareTypeAbout"));
        retype(robot, "#sharePort", "53");
        robot.clickOn("Share");
        await().atMost(WAIT).until(() -> !dialogOpen(robot, "#sharePort"));
        await().atMost(WAIT).until(() -> "share port 53  (udp)".equals(text(robot, "#socketTitle")));
        await().atMost(WAIT).until(() -> "online".equals(text(robot, ".tunnel-status")));
        SocketInfo shared = owner.sockets().stream().filter(s -> s.name().equals("share port 53")).findFirst()
                .orElseThrow();
        assertEquals(shared.address(), text(robot, "#socketAddress"));
        assertEquals("dig @127.0.0.1 -p " + shared.udpPort() + " example.com",
                fx(() -> robot.lookup("#socketHint").queryAs(TextField.class).getText()));
        // A visitor's datagrams are a flow: an open connection in the traffic pane until it idles out (60 s).
        try (DatagramSocket visitor = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            visitor.send(new DatagramPacket(new byte[]{1, 2, 3}, 3, new InetSocketAddress("127.0.0.1",
                    shared.udpPort())));
            await().atMost(WAIT).until(() -> "Open connections: 1".equals(text(robot, "#openConnections")));
            await().atMost(WAIT).until(() -> !text(robot, "#totals").startsWith("In 0 B"));
        }
    }

    @Test
    void aSubdomainTypedInTheDialogNamesTheSocketAndATakenOneIsSaidInTheDialog(FxRobot robot) {
        String api = signUp(robot, "sub@example.com");
        ApiClient anonymous = new ApiClient(api, null);
        anonymous.signup("shopkeeper@example.com", "password1");
        anonymous.withToken(anonymous.login("shopkeeper@example.com", "password1").token()).createSocket(
                new dev.portway.protocol.api.CreateSocket("their shop", "http", null, null, null, null, "shop"));

        openNewSocketDialog(robot);
        assertTrue(fx(() -> robot.lookup(".label").queryAllAs(javafx.scene.control.Label.class).stream()
                .anyMatch(l -> "Subdomain".equals(l.getText())
                        && l.getLabelFor() == robot.lookup("#socketSubdomain").query())),
                "the field is named by its label for a screen reader");
        robot.clickOn("#socketName").write("my shop");
        robot.clickOn("#socketSubdomain").write("shop");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> !text(robot, "#dialogError").isEmpty());
        assertEquals("shop.localhost is taken; pick another subdomain", text(robot, "#dialogError"),
                "the server's 409, inline");
        assertEquals("shop", fx(() -> robot.lookup("#socketSubdomain").queryAs(TextField.class).getText()));
        assertFalse(shown(robot, "#error"), "said in the dialog, not in the banner");

        retype(robot, "#socketSubdomain", "My-Shop");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> robot.lookup("#socketSubdomain").tryQuery().isEmpty());
        await().atMost(WAIT).until(() -> "my shop  (http)".equals(text(robot, "#socketTitle")));
        String url = "http://my-shop.localhost:" + server.config().httpPort() + "/";
        assertEquals(url, fx(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#socketUrl").query()).getText()));
        ApiClient client = new ApiClient(api, null);
        SocketInfo mine = client.withToken(client.login("sub@example.com", "password1").token()).sockets().get(0);
        assertEquals("my-shop.localhost", mine.dnsName());

        // Left empty, the name is random as before.
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("no name picked");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> robot.lookup("#socketSubdomain").tryQuery().isEmpty());
        await().atMost(WAIT).until(() -> listed(robot) == 2);
        assertTrue(fx(() -> ((javafx.scene.control.Hyperlink) robot.lookup("#socketUrl").query()).getText())
                .matches("http://[a-z]+-[a-z]+-\\d{4}\\.localhost:\\d+/"));
    }

    @Test
    void wrongPasswordIsSaidPlainly(FxRobot robot) {
        robot.clickOn("#server").eraseText(40).write("http://127.0.0.1:" + server.config().apiPort());
        robot.clickOn("#email").write("nobody@example.com");
        robot.clickOn("#password").write("password1");
        robot.clickOn("#signIn");
        await().atMost(WAIT).until(() -> "wrong email or password".equals(text(robot, "#signInError")));
        Node signIn = robot.lookup("#signIn").query();
        assertTrue(signIn.isVisible());
        assertTrue(robot.lookup("#useLocalServer").tryQuery().isEmpty(), "no local server without 'portway up'");
    }

    @Test
    void anHttpsServerShowsItsFingerprintBeforeItIsTrusted(FxRobot robot) throws Exception {
        server.close();
        server = servers.start(TestServers.config(dir.resolve("tls-server")).withApiTls(true));
        String fingerprint = server.fingerprint();
        robot.clickOn("#server").eraseText(40).write(server.config().apiUrl());
        robot.clickOn("#email").write("tls-app@example.com");
        robot.clickOn("#password").write("password1");

        robot.clickOn("#createAccount");
        await().atMost(WAIT).until(() -> robot.lookup("#fingerprint").tryQuery().isPresent());
        assertEquals(fingerprint.substring(0, 32) + "\n" + fingerprint.substring(32), text(robot, "#fingerprint"));
        robot.clickOn("Cancel");
        await().atMost(WAIT).until(() -> text(robot, "#signInError").contains("is not trusted"));
        assertTrue(server.store().findUserByEmail("tls-app@example.com").isEmpty(), "nothing was sent");

        robot.clickOn("#createAccount");
        await().atMost(WAIT).until(() -> robot.lookup("#fingerprint").tryQuery().isPresent());
        robot.clickOn("Trust");
        await().atMost(WAIT).until(() -> robot.lookup("#account").tryQuery().isPresent());
        assertTrue(Files.readString(config.resolve("portway/known_servers")).contains(fingerprint));
    }

    // ---- rough edges from a new user's trial ----------------------------------------------------------------------

    /** Empties a text field and types into it. */
    private static void retype(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        fx(() -> {
            field.clear();
            return null;
        });
        robot.clickOn(field).write(text);
    }

    private static int listed(FxRobot robot) {
        return fx(() -> robot.lookup("#sockets").queryAs(ListView.class).getItems().size());
    }

    private static boolean dialogOpen(FxRobot robot, String field) {
        return robot.lookup(field).tryQuery().isPresent();
    }

    @Test
    void badInputKeepsTheShareDialogOpenAndTheTrafficPaneFollowsTheNewSelection(FxRobot robot) {
        signUp(robot, "share@example.com");
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("first");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> listed(robot) == 1);
        robot.clickOn("#addTunnel");
        await().atMost(WAIT).until(() -> text(robot, "#trafficTitle").startsWith("Traffic of tunnel "));
        String first = text(robot, "#trafficTitle");

        robot.clickOn("#sharePortButton");
        await().atMost(WAIT).until(() -> robot.lookup("#sharePort").tryQuery().isPresent());
        for (String[] bad : new String[][]{{"web", "\"web\" is not a port: type a number between 1 and 65535."},
            {"0", "There is no port 0: type a number between 1 and 65535."},
            {"70000", "There is no port 70000: type a number between 1 and 65535."}}) {
            retype(robot, "#sharePort", bad[0]);
            robot.clickOn("Share");
            await().atMost(WAIT).until(() -> bad[1].equals(text(robot, "#dialogError")));
            assertTrue(dialogOpen(robot, "#sharePort"), "the dialog stays open");
            assertEquals(bad[0], fx(() -> robot.lookup("#sharePort").queryAs(TextField.class).getText()));
        }
        int port = origin.getAddress().getPort();
        retype(robot, "#sharePort", Integer.toString(port));
        robot.clickOn("Share");
        await().atMost(WAIT).until(() -> !dialogOpen(robot, "#sharePort"));
        await().atMost(WAIT).until(() -> ("share port " + port + "  (http)").equals(text(robot, "#socketTitle")));
        TunnelModel shared = fx(() -> app.model().sockets().selectedTunnelProperty().get());
        await().atMost(WAIT).until(() -> ("Traffic of tunnel " + shared.shortId()).equals(text(robot,
                "#trafficTitle")));
        assertFalse(first.equals(text(robot, "#trafficTitle")));
        assertEquals("share port " + port, fx(() -> app.model().sockets().socket(shared.socketId()).orElseThrow()
                .nameProperty().get()));

        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("no tunnel yet");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> "no tunnel yet  (http)".equals(text(robot, "#socketTitle")));
        assertEquals("Select a tunnel to see its traffic", text(robot, "#trafficTitle"));
    }

    @Test
    void aFailedShareLeavesNoSocketBehindAndSaysWhyInTheDialog(FxRobot robot) throws Exception {
        // This server makes the socket but refuses its tunnel: the share fails half way.
        server.close();
        server = servers.start(TestServers.config(dir.resolve("strict-server"))
                .withQuotas(new AccountLimits(100, 0)));
        String api = signUp(robot, "strict@example.com");
        robot.clickOn("#sharePortButton");
        await().atMost(WAIT).until(() -> robot.lookup("#sharePort").tryQuery().isPresent());
        robot.clickOn("Share");
        await().atMost(WAIT).until(() -> text(robot, "#dialogError").contains("may have 0 tunnels"));
        assertTrue(dialogOpen(robot, "#sharePort"));
        TestApp.answerDialog(robot, "Cancel");
        await().atMost(WAIT).until(() -> !dialogOpen(robot, "#sharePort"));
        assertEquals(0, listed(robot));
        ApiClient client = new ApiClient(api, null);
        assertEquals(List.of(), client.withToken(client.login("strict@example.com", "password1").token()).sockets());
    }

    @Test
    void signOutWithATunnelOnAsksFirstThenTheTrayIsGreyAndEmpty(FxRobot robot) throws Exception {
        String api = signUp(robot, "out@example.com");
        robot.clickOn("#emptyShare");
        retype(robot, "#sharePort", Integer.toString(origin.getAddress().getPort()));
        robot.clickOn("Share");
        await().atMost(WAIT).until(() -> "online".equals(text(robot, ".tunnel-status")));
        TrayModel tray = app.model().tray();
        await().atMost(WAIT).until(() -> fx(() -> tray.stateProperty().get()) == TrayModel.State.ALL_ONLINE);
        assertEquals(1, fx(() -> tray.itemsProperty().get().size()));

        robot.clickOn("#signOut");
        await().atMost(WAIT).until(() -> robot.lookup("Sign out?").tryQuery().isPresent());
        TestApp.answerDialog(robot, "Cancel");
        await().atMost(WAIT).until(() -> robot.lookup("Sign out?").tryQuery().isEmpty());
        assertTrue(robot.lookup("#account").tryQuery().isPresent(), "still signed in");
        assertEquals("online", text(robot, ".tunnel-status"));

        robot.clickOn("#signOut");
        await().atMost(WAIT).until(() -> robot.lookup("Sign out?").tryQuery().isPresent());
        TestApp.answerDialog(robot, "OK");
        await().atMost(WAIT).until(() -> robot.lookup("#signIn").tryQuery().isPresent());
        assertEquals(TrayModel.State.OFF, fx(() -> tray.stateProperty().get()));
        assertEquals(List.of(), fx(() -> tray.itemsProperty().get()));
        ApiClient client = new ApiClient(api, null);
        String token = client.login("out@example.com", "password1").token();
        await().atMost(WAIT).until(() -> client.withToken(token).sockets().isEmpty());
    }

    @Test
    void theBannerFloatsSoTheRowUnderThePointerStaysPut(FxRobot robot) {
        signUp(robot, "banner@example.com");
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("steady");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> listed(robot) == 1);
        robot.clickOn("#addTunnel");
        await().atMost(WAIT).until(() -> robot.lookup(".tunnel-switch").tryQuery().isPresent());
        retype(robot, ".port-field", "0");
        Node row = robot.lookup(".tunnel-row").query();
        Node cell = robot.lookup(".socket-cell").query();
        Bounds rowBefore = fx(() -> row.localToScene(row.getBoundsInLocal()));
        Bounds cellBefore = fx(() -> cell.localToScene(cell.getBoundsInLocal()));
        robot.clickOn(".tunnel-switch");
        await().atMost(WAIT).until(() -> shown(robot, "#error"));
        assertEquals("Pick a local host and a port between 1 and 65535 first.", text(robot, "#error"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(rowBefore, fx(() -> row.localToScene(row.getBoundsInLocal())));
        assertEquals(cellBefore, fx(() -> cell.localToScene(cell.getBoundsInLocal())));
        robot.clickOn("#error");
        await().atMost(WAIT).until(() -> !shown(robot, "#error"));
    }

    @Test
    void aServerTypedWithoutSchemeIsTakenAsHttp(FxRobot robot) {
        String typed = "127.0.0.1:" + server.config().apiPort();
        robot.clickOn("#server").eraseText(40).write(typed);
        robot.clickOn("#email").write("bare@example.com");
        robot.clickOn("#password").write("password1");
        robot.clickOn("#createAccount");
        await().atMost(WAIT).until(() -> robot.lookup("#account").tryQuery().isPresent());
        assertEquals("bare@example.com on http://" + typed, text(robot, "#account"));
    }

    @Test
    void aSelectedSocketStaysReadableInBothThemesAndTheChoiceIsKept(FxRobot robot) {
        signUp(robot, "themes@example.com");
        openNewSocketDialog(robot);
        robot.clickOn("#socketName").write("readable");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> listed(robot) == 1);
        robot.clickOn(".socket-cell");
        PreferencesModel preferences = app.model().preferences();
        for (boolean dark : new boolean[]{false, true}) {
            if (fx(() -> preferences.darkProperty().get()) != dark) {
                robot.clickOn("#darkTheme");
            }
            await().atMost(WAIT).until(() -> fx(() -> preferences.darkProperty().get()) == dark);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(fx(javafx.application.Application::getUserAgentStylesheet)
                    .contains(dark ? "primer-dark" : "primer-light"));
            for (String part : List.of(".socket-url", ".socket-name")) {
                double ratio = fx(() -> {
                    ListView<?> list = robot.lookup("#sockets").queryAs(ListView.class);
                    list.getScene().getRoot().applyCss();
                    javafx.scene.control.ListCell<?> selected = robot.lookup(".socket-cell").queryAllAs(
                            javafx.scene.control.ListCell.class).stream().filter(c -> c.isSelected()).findFirst()
                            .orElseThrow();
                    Label text = (Label) selected.lookup(part);
                    return Contrast.ratio((Color) text.getTextFill(), Contrast.background(selected, list));
                });
                assertTrue(ratio >= 4.5, part + " on the selected row, " + (dark ? "dark" : "light") + ": " + ratio);
            }
        }
        await().atMost(WAIT).until(() -> Settings.DARK.equals(SettingsStore.standard(
                Map.of("XDG_CONFIG_HOME", config.toString())).load().theme()));
    }

    /** Opens New socket… and waits for its dialog: on a loaded machine it can show a moment after the click. */
    private static void openNewSocketDialog(FxRobot robot) {
        robot.clickOn("#newSocket");
        await().atMost(WAIT).until(() -> robot.lookup("#socketName").tryQuery().isPresent());
    }
}

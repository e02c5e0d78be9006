// The real app against a real server and a real local service: sign up, create (http, tcp), switch on, see traffic,
// fail, off.
package dev.portway.desktop.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.desktop.system.Autostart;
import dev.portway.agent.engine.RequestLog;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DesktopAppTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    PortwayServer server;
    HttpServer origin;
    Path config;

    @Start
    void start(Stage stage) throws Exception {
        server = PortwayServer.start(new ServerConfig(dir.resolve("server"), "localhost", "127.0.0.1", 0, 0, 0, 0,
                "20000-20999", true, Duration.ofSeconds(5), Duration.ofSeconds(15)));
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", ex -> {
            byte[] body = ("hello from the origin at " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        origin.start();
        config = dir.resolve("config");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString());
        DesktopApp.setOptions(new DesktopApp.Options(SettingsStore.standard(env),
                new Autostart(Autostart.Platform.LINUX, dir.resolve("home"), env, List.of("portway", "app")), false));
        new PortwayApp().start(stage);
    }

    @AfterEach
    void stop() {
        origin.stop(0);
        server.close();
    }

    private static <T> T fx(Callable<T> read) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(read));
    }

    private static String text(FxRobot robot, String query) {
        return fx(() -> ((Label) robot.lookup(query).query()).getText());
    }

    private HttpResponse<String> visit(String url) throws Exception {
        URI u = URI.create(url);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + u.getPort() + "/page"))
                .header("Host", u.getHost() + ":" + u.getPort()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an account in the sign-in view and waits for the main window; returns the API's URL. */
    private String signUp(FxRobot robot, String email) {
        String api = "http://127.0.0.1:" + server.config().apiPort();
        robot.clickOn("#server").eraseText(40).write(api);
        robot.clickOn("#email").write(email);
        robot.clickOn("#password").write("password1");
        robot.clickOn("#createAccount");
        await().atMost(WAIT).until(() -> robot.lookup("#account").tryQuery().isPresent());
        assertTrue(text(robot, "#account").startsWith(email));
        return api;
    }

    private static boolean shown(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).query().isVisible());
    }

    @Test
    void signUpShareAPortAndWatchItsTraffic(FxRobot robot) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        String api = signUp(robot, "desk@example.com");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.resolve("portway/config.json"))));

        robot.clickOn("#newSocket");
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
            return log.getItems().size() == 1 && ((RequestLog) log.getItems().get(0)).path().equals("/page");
        }));
        assertEquals(30, fx(() -> ((RequestLog) robot.lookup("#requestLog").queryAs(TableView.class).getItems()
                .get(0)).bytes()), "the body's size, as logged");
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
    void createATcpSocketInTheDialogAndSeeItsAddress(FxRobot robot) {
        String api = signUp(robot, "tcp@example.com");
        robot.clickOn("#newSocket");
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
        assertEquals("ssh -p " + port + " user@127.0.0.1",
                fx(() -> robot.lookup("#socketHint").queryAs(TextField.class).getText()));
        assertEquals("2 allowed networks", text(robot, "#socketAccess"));
        assertFalse(shown(robot, "#openUrl"), "a browser has nothing to open on a tcp socket");
        assertFalse(shown(robot, "#socketUrl"));
        robot.clickOn("#copyUrl");
        assertEquals(address, fx(() -> Clipboard.getSystemClipboard().getString()));

        robot.clickOn("#newSocket");
        robot.clickOn("#socketName").write("typo");
        robot.clickOn("#allowIps").write("10.0.0.0/8 nowhere");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> shown(robot, "#error"));
        assertTrue(text(robot, "#error").startsWith("\"nowhere\" is not an IP address or CIDR block"),
                text(robot, "#error"));
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
    }

    @Test
    void anHttpsServerShowsItsFingerprintBeforeItIsTrusted(FxRobot robot) throws Exception {
        server.close();
        server = PortwayServer.start(new ServerConfig(dir.resolve("tls-server"), "localhost", "127.0.0.1", 0, 0, 0,
                0, "20000-20999", true, Duration.ofSeconds(5), Duration.ofSeconds(15)).withApiTls(true));
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
}

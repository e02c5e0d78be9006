// Custom domains in the real app against a real server whose resolver is a real DNS server (challtestsrv): added in
// the socket pane it shows pending with its TXT record; once the record is published the server's live event turns
// it verified with no click; a refused name is said inline; Remove takes it away. The server orders certificates from a
// real CA (Pebble): the socket's and then the verified domain's appear as they are issued, with no click either.
package dev.portway.desktop.ui.sockets;

import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.desktop.ui.TestApp;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.config.AcmeSettings;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import dev.portway.server.acme.Pebble;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
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
@Tag("process")
@Tag("ui")
class CustomDomainsAppTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The access line's end once Pebble has issued the socket's certificate. */
    private static final String ISSUED = " · certificate: Pebble Intermediate CA \\w+ · valid until "
            + "\\d{1,2} \\w{3} \\d{4}";

    @TempDir
    static Path dir;
    ChallTestSrv dns;
    Pebble pebble;
    PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();

    @Start
    void start(Stage stage) throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
        int httpPort = TestServers.freeRange(1);
        pebble = Pebble.start(dir.resolve("pebble"), httpPort, dns.dnsAddress());
        ServerConfig base = TestServers.config(dir.resolve("server"));
        server = servers.start(base.toBuilder().domain("portway.test").httpPort(httpPort)
                .names(dns.names())
                .acme(new AcmeSettings(pebble.directory(), null, pebble.httpsRoot(), null)).build());
        TestApp.start(stage, dir);
    }

    @AfterEach
    void stop() throws Exception {
        pebble.close();
        dns.close();
    }

    /** In a window that shows, so the robot can click it. */
    private static boolean onScreen(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(n -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing() && n.isVisible()).orElse(false));
    }

    private static Node row(FxRobot robot, String domain) {
        return fx(() -> robot.lookup(".custom-domain").queryAll().stream()
                .filter(n -> domain.equals(n.getUserData())).findFirst().orElse(null));
    }

    private static String inRow(FxRobot robot, String domain, String query) {
        return fx(() -> {
            Node n = robot.from(row(robot, domain)).lookup(query).query();
            return n instanceof Label l ? l.getText() : ((TextField) n).getText();
        });
    }

    @Test
    void addSeeTheRecordPublishItAndSeeItVerifiedLive(FxRobot robot) throws Exception {
        TestApp.signUp(robot, TestApp.api(server), "domains@example.com");
        robot.clickOn("#newSocket");
        await().atMost(WAIT).until(() -> onScreen(robot, "#socketName"));
        robot.clickOn("#socketName").write("shop");
        robot.clickOn("Create");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#sockets").queryAs(ListView.class).getItems()
                .size()) == 1);
        assertFalse(fx(() -> robot.lookup("#customDomains").query().isVisible()), "closed while there are none");
        // By the server's live event: the app lists its sockets once after the create, before the CA has answered.
        await("the socket's certificate, once issued").atMost(WAIT).until(() -> fx(() -> robot
                .lookup("#socketCertificate").queryAs(Label.class).getText()).matches(ISSUED));
        robot.clickOn("#addTunnel");
        await().atMost(WAIT).until(() -> robot.lookup(".tunnel-switch").tryQuery().isPresent());
        robot.clickOn("#customDomainsToggle");

        robot.clickOn("#customDomainName").write("bad_name.example.org");
        robot.clickOn("#addCustomDomain");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#customDomainError").queryAs(Label.class)
                .getText()).contains("is not a valid DNS name"));
        assertEquals(0, fx(() -> robot.lookup(".custom-domain").queryAll().size()));

        robot.doubleClickOn("#customDomainName").eraseText(30).write("App.Example.org");
        robot.clickOn("#addCustomDomain");
        await().atMost(WAIT).until(() -> row(robot, "app.example.org") != null);
        assertFalse(fx(() -> robot.lookup("#customDomainError").query().isVisible()), "the refusal is gone");
        assertEquals("Pending", inRow(robot, "app.example.org", ".domain-status"));
        String txtName = inRow(robot, "app.example.org", ".txt-name");
        String txtValue = inRow(robot, "app.example.org", ".txt-value");
        assertEquals("_portway.app.example.org", txtName);
        assertTrue(txtValue.startsWith("portway-verify-"), txtValue);
        // The list's height follows its content's, one layout pass later.
        await("in the default window the record shows whole, beside a tunnel and its traffic").atMost(WAIT)
                .until(() -> fx(() -> {
                    ScrollPane list = robot.lookup(".custom-domains .scroll-pane").queryAs(ScrollPane.class);
                    Node copyValue = robot.from(row(robot, "app.example.org")).lookup(".copy-txt-value").query();
                    return list.localToScene(list.getLayoutBounds()).contains(copyValue.localToScene(
                            copyValue.getLayoutBounds()));
                }));
        assertTrue(fx(() -> {
            Node main = robot.lookup(".main").query();
            return main.minHeight(-1) <= main.getScene().getHeight();
        }), "and everything fits: nothing is pushed off the window");
        robot.clickOn(fx(() -> robot.from(row(robot, "app.example.org")).lookup(".copy-txt-value").queryButton()));
        assertEquals(txtValue, fx(() -> Clipboard.getSystemClipboard().getString()));

        dns.setTxt(txtName, txtValue);
        await().atMost(WAIT).until(() -> "Verified".equals(inRow(robot, "app.example.org", ".domain-status")));
        assertFalse(fx(() -> robot.from(row(robot, "app.example.org")).lookup(".txt-name").tryQuery().isPresent()));
        assertFalse(fx(() -> robot.lookup("#verifyCustomDomains").query().isVisible()));
        await("the domain's own certificate, once issued").atMost(WAIT).until(() -> fx(() -> robot
                .lookup(".domain-certificate").tryQuery().map(n -> ((Label) n).getText()).orElse(""))
                .matches("Certificate: Pebble Intermediate CA \\w+ · valid until \\d{1,2} \\w{3} \\d{4}"));
        assertEquals("▾ Custom domains (1: 1 verified)", fx(() -> robot.lookup("#customDomainsToggle")
                .queryAs(javafx.scene.control.Button.class).getText()));

        robot.clickOn(fx(() -> robot.from(row(robot, "app.example.org")).lookup(".remove-domain").queryButton()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("OK");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup(".custom-domain").queryAll().isEmpty()));
    }
}

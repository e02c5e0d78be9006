// "Who can visit" in the real app against a real server with a real identity provider (NAV's mock-oauth2-server):
// sockets whose access was set through the API show their method; anyone → e-mail stores allowed_emails and
// allowed_email_domains; an address the server refuses is said inline. On a server without a provider the e-mail
// choice is off and says why.
package dev.portway.desktop.ui.sockets;

import static dev.portway.desktop.ui.SceneReads.chosen;
import static dev.portway.desktop.ui.SceneReads.text;
import static dev.portway.desktop.ui.TestApp.WAIT;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.ApiClient;
import dev.portway.desktop.ui.TestApp;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class VisitorsAppTest {
    @TempDir
    Path dir;
    TestIdentityProvider provider;
    PortwayServer withProvider;
    PortwayServer without;

    @Start
    void start(Stage stage) throws Exception {
        provider = TestIdentityProvider.start();
        withProvider = PortwayServer.start(TestServers.config(dir.resolve("server")).withOidc(provider.settings()));
        TestApp.start(stage, dir);
    }

    @AfterEach
    void stop() {
        withProvider.close();
        provider.close();
        if (without != null) {
            without.close();
        }
    }

    /**
     * Signs the app up to server (the form filled at once: typing it key by key is DesktopAppTest's, and slow), and
     * the same account in through the API.
     */
    private static ApiClient signUp(FxRobot robot, PortwayServer server, String email) {
        TestApp.signUp(robot, TestApp.api(server), email);
        ApiClient anonymous = new ApiClient(TestApp.api(server), null);
        return anonymous.withToken(anonymous.login(email, "password1").token());
    }

    /** Selects the socket named so in the list, once the server's event has brought it, and opens the section. */
    private static void open(FxRobot robot, String name) {
        await().atMost(WAIT).until(() -> fx(() -> sockets(robot).getItems().stream()
                .anyMatch(s -> s.nameProperty().get().equals(name))));
        fx(() -> {
            ListView<SocketModel> list = sockets(robot);
            list.getSelectionModel().select(list.getItems().stream()
                    .filter(s -> s.nameProperty().get().equals(name)).findFirst().orElseThrow());
            return null;
        });
        if (!fx(() -> robot.lookup("#whoCanVisit").query().isVisible())) {
            robot.clickOn("#visitorsToggle");
        }
    }

    @SuppressWarnings("unchecked")
    private static ListView<SocketModel> sockets(FxRobot robot) {
        return robot.lookup("#sockets").queryAs(ListView.class);
    }

    @Test
    void eachMethodSetThroughTheApiShowsAndAnyoneSwitchesToEmail(FxRobot robot) {
        ApiClient api = signUp(robot, withProvider, "owner@example.com");
        api.createSocket(new CreateSocket("locked", "http", true, "ann", "secret1", List.of("10.0.0.0/8")));
        api.createSocket(new CreateSocket("team", "https", null, null, null, null, null,
                List.of("bob@example.org"), List.of("example.com")));
        SocketInfo open = api.createSocket(new CreateSocket("open", "http"));

        open(robot, "locked");
        assertTrue(chosen(robot, "#visitorsPassword"));
        assertEquals("ann", text(robot, "#visitorsUser"));
        assertEquals("10.0.0.0/8", text(robot, "#visitorsAllowIps"));
        assertEquals("password protected (user ann) · only from 10.0.0.0/8", text(robot, "#socketAccess"));

        open(robot, "team");
        assertTrue(chosen(robot, "#visitorsEmail"));
        assertEquals("bob@example.org", text(robot, "#visitorsEmails"));
        assertEquals("example.com", text(robot, "#visitorsDomains"));
        assertEquals("Visitors sign in at " + provider.issuer().getHost() + "; these addresses, and any address at "
                + "these domains, get in.", text(robot, "#visitorsEmailHint"));

        open(robot, "open");
        assertTrue(chosen(robot, "#visitorsAnyone"));
        assertFalse(fx(() -> robot.lookup("#visitorsEmail").query().isDisabled()), "the server has a provider");
        robot.clickOn("#visitorsEmail");
        robot.clickOn("#visitorsEmails").write("not-an-address");
        robot.clickOn("#saveVisitors");
        await().atMost(WAIT).until(() -> text(robot, "#visitorsError")
                .startsWith("\"not-an-address\" is not a plain e-mail address"));
        assertEquals(List.of(), api.socket(open.socketId()).allowedEmails(), "nothing changed");

        fx(() -> {
            robot.lookup("#visitorsEmails").queryAs(TextField.class).clear();
            return null;
        });
        robot.clickOn("#visitorsEmails").write("Ann@Example.org");
        robot.clickOn("#visitorsDomains").write("example.net");
        robot.clickOn("#saveVisitors");
        await().atMost(WAIT).until(() -> api.socket(open.socketId()).allowedEmails().equals(List.of(
                "ann@example.org")));
        assertEquals(List.of("example.net"), api.socket(open.socketId()).allowedEmailDomains());
        await().atMost(WAIT).until(() -> text(robot, "#socketAccess").equals(
                "sign-in by e-mail (ann@example.org, anyone at example.net) · open to any address"));
        assertFalse(fx(() -> robot.lookup("#whoCanVisit").query().isVisible()), "closed once saved");
    }

    @Test
    void withoutAnIdentityProviderTheEmailChoiceIsOff(FxRobot robot) throws Exception {
        without = TestServers.start(dir.resolve("plain"));
        ApiClient api = signUp(robot, without, "plain@example.com");
        api.createSocket(new CreateSocket("web", "http"));
        open(robot, "web");
        assertTrue(fx(() -> robot.lookup("#visitorsEmail").query().isDisabled()));
        assertEquals("E-mail sign-in is off: the server has no identity provider.",
                text(robot, "#visitorsEmailHint"));
        assertFalse(fx(() -> robot.lookup("#visitorsPassword").query().isDisabled()));
    }
}

// The "Who can visit" section from the server's values: each method with its fields, the e-mail choice off (and why)
// on a server without an identity provider and naming the provider's host on one with, a tcp socket's allow list
// only, Save handing over what was chosen, and the server's refusal shown inline.
package dev.portway.desktop.ui.sockets;

import static dev.portway.desktop.ui.SceneReads.chosen;
import static dev.portway.desktop.ui.SceneReads.text;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.desktop.ui.TestApp;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.Stylesheet;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class VisitorsPaneTest {
    /** What Save asked for, and the reply to answer it with. */
    record Asked(String socketId, Visitors wanted, String password, Reply reply) {
    }

    final List<Asked> asked = new ArrayList<>();
    final ReadOnlyStringWrapper provider = new ReadOnlyStringWrapper("https://accounts.google.com");
    VisitorsPane pane;

    static SocketInfo socket(String type, boolean password, List<String> emails, List<String> domains,
                             List<String> allowIps) {
        return new SocketInfo("s_1", "shop", "quiet-river-1.localhost", type, "http://quiet-river-1.localhost:8080",
                null, null, password, password ? "ann" : null, allowIps, "2026-12-07T04:00:00Z", List.of(), List.of(),
                null, emails, domains);
    }

    static SocketInfo anyone() {
        return socket("http", false, List.of(), List.of(), List.of());
    }

    @Start
    void start(Stage stage) {
        TestApp.theme(false);
        pane = new VisitorsPane(new VisitorCommands() {
            @Override
            public ReadOnlyStringProperty identityProviderProperty() {
                return provider.getReadOnlyProperty();
            }

            @Override
            public void changeVisitors(SocketModel s, Visitors wanted, String password, Reply reply) {
                asked.add(new Asked(s.socketId(), wanted, password, reply));
            }
        });
        pane.show(new SocketModel(anyone(), null));
        Scene scene = new Scene(new javafx.scene.layout.VBox(6, pane.toggle(), pane), 760, 520);
        scene.getStylesheets().add(Stylesheet.URL);
        stage.setScene(scene);
        stage.show();
    }

    private void show(SocketInfo s) {
        fx(() -> {
            pane.show(new SocketModel(s, null));
            pane.toggle().fire();
            return null;
        });
    }

    /** Visible, and so are all its parents (a hidden line hides its fields). */
    private static boolean shown(FxRobot robot, String query) {
        return fx(() -> {
            for (javafx.scene.Node n = robot.lookup(query).query(); n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void eachMethodShowsWithItsOwnFields(FxRobot robot) {
        assertFalse(fx(() -> pane.isVisible()), "closed until wanted");
        assertEquals("▸ Who can visit", fx(() -> pane.toggle().getText()));
        show(anyone());
        assertTrue(chosen(robot, "#visitorsAnyone"));
        assertFalse(shown(robot, "#visitorsUser"));
        assertFalse(shown(robot, "#visitorsEmails"));
        assertEquals("", text(robot, "#visitorsAllowIps"));

        show(socket("http", true, List.of(), List.of(), List.of("10.0.0.0/8", "192.168.1.0/24")));
        assertTrue(chosen(robot, "#visitorsPassword"));
        assertEquals("ann", text(robot, "#visitorsUser"));
        assertEquals("unchanged", fx(() -> robot.lookup("#visitorsSecret").queryAs(TextField.class).getPromptText()));
        assertFalse(shown(robot, "#visitorsEmails"));
        assertEquals("10.0.0.0/8, 192.168.1.0/24", text(robot, "#visitorsAllowIps"));

        show(socket("https", false, List.of("ann@example.org"), List.of("example.com"), List.of()));
        assertTrue(chosen(robot, "#visitorsEmail"));
        assertFalse(shown(robot, "#visitorsUser"));
        assertEquals("ann@example.org", text(robot, "#visitorsEmails"));
        assertEquals("example.com", text(robot, "#visitorsDomains"));
        assertEquals("Visitors sign in at accounts.google.com; these addresses, and any address at these domains, "
                + "get in.", text(robot, "#visitorsEmailHint"));
    }

    @Test
    void withoutAnIdentityProviderTheEmailChoiceIsOffAndSaysWhy(FxRobot robot) {
        fx(() -> {
            provider.set("");
            return null;
        });
        show(anyone());
        assertTrue(fx(() -> robot.lookup("#visitorsEmail").query().isDisabled()));
        assertFalse(fx(() -> robot.lookup("#visitorsPassword").query().isDisabled()));
        assertEquals("E-mail sign-in is off: the server has no identity provider.",
                text(robot, "#visitorsEmailHint"));
    }

    @Test
    void aTcpSocketTakesTheAllowListOnly(FxRobot robot) {
        show(socket("tcp", false, List.of(), List.of(), List.of()));
        assertTrue(fx(() -> robot.lookup("#visitorsPassword").query().isDisabled()));
        assertTrue(fx(() -> robot.lookup("#visitorsEmail").query().isDisabled()));
        assertTrue(text(robot, "#visitorsEmailHint").startsWith("A tcp socket carries no HTTP"));
        assertFalse(fx(() -> robot.lookup("#visitorsAllowIps").query().isDisabled()));
    }

    @Test
    void saveHandsTheChoiceOnAndTheServersRefusalShowsInline(FxRobot robot) {
        show(anyone());
        robot.clickOn("#visitorsEmail");
        robot.clickOn("#visitorsEmails").write("ann@example.org, not-an-address");
        robot.clickOn("#visitorsDomains").write("Example.com");
        robot.clickOn("#visitorsAllowIps").write("10.0.0.0/8");
        robot.clickOn("#saveVisitors");
        assertEquals(1, asked.size());
        assertEquals(new Visitors(Visitors.Method.EMAIL, "", List.of("ann@example.org", "not-an-address"),
                List.of("Example.com"), List.of("10.0.0.0/8")), asked.get(0).wanted());
        assertTrue(fx(() -> robot.lookup("#saveVisitors").query().isDisabled()), "one Save at a time");

        fx(() -> {
            asked.get(0).reply().failed("\"not-an-address\" is not an e-mail address");
            return null;
        });
        assertEquals("\"not-an-address\" is not an e-mail address", text(robot, "#visitorsError"));
        assertTrue(fx(() -> pane.isVisible()), "still open, with what was typed");
        assertEquals("ann@example.org, not-an-address", text(robot, "#visitorsEmails"));
        assertFalse(fx(() -> robot.lookup("#saveVisitors").query().isDisabled()));

        robot.doubleClickOn("#visitorsEmails").eraseText(40).write("ann@example.org");
        robot.clickOn("#saveVisitors");
        fx(() -> {
            asked.get(1).reply().done();
            return null;
        });
        assertFalse(fx(() -> pane.isVisible()), "closed once saved: the access line says what is now");
        assertEquals("", text(robot, "#visitorsError"));
    }

    @Test
    void thePatchDropsTheOtherMethodAndKeepsAPasswordNotRetyped() {
        Visitors byPassword = Visitors.of(socket("http", true, List.of(), List.of(), List.of()));
        Visitors byEmail = new Visitors(Visitors.Method.EMAIL, "", List.of("ann@example.org"), List.of(), List.of());
        assertEquals(new UpdateSocket(null, false, null, null, List.of(), null, null, List.of("ann@example.org"),
                List.of()), byEmail.request(byPassword, ""));
        assertEquals(new UpdateSocket(null, true, "ann", null, List.of("10.0.0.0/8"), null, null, List.of(),
                List.of()), new Visitors(Visitors.Method.PASSWORD, "ann", List.of(), List.of(), List.of("10.0.0.0/8"))
                .request(byEmail, ""));
        assertNull(byPassword.missing(byPassword, ""), "the same user keeps the password");
        assertEquals("Type the password visitors sign in with.", new Visitors(Visitors.Method.PASSWORD, "bob",
                List.of(), List.of(), List.of()).missing(byPassword, ""));
        assertEquals("Type the e-mail addresses or domains whose visitors may sign in.", new Visitors(
                Visitors.Method.EMAIL, "", List.of(), List.of(), List.of()).missing(byPassword, ""));
    }
}

// The custom domains section from the server's values: each status as a badge, the TXT record of a pending domain
// copied exactly to the system clipboard, a certificate's issuer and expiry, Add, Remove and Check again handed to
// the commands, the server's refusal shown inline, and a status change from the server redrawn.
package dev.portway.desktop.ui.sockets;

import static dev.portway.desktop.ui.TestApp.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.desktop.ui.Contrast;
import dev.portway.desktop.ui.TestApp;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.Stylesheet;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.SocketInfo;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class CustomDomainsPaneTest {
    static final CertificateInfo SHOP_CERTIFICATE = new CertificateInfo("Pebble Intermediate CA 5f1a",
            List.of("shop.example.org"), "2026-12-07T12:00:00Z", "2027-03-07T12:00:00Z", null);
    static final CustomDomainInfo PENDING = new CustomDomainInfo("app.example.org", CustomDomainInfo.PENDING,
            "_portway.app.example.org", "k3Jq-9xZ_a1B2c3D4e5F6g7H8", null);
    static final CustomDomainInfo VERIFIED = new CustomDomainInfo("shop.example.org", CustomDomainInfo.VERIFIED,
            "_portway.shop.example.org", "zz", SHOP_CERTIFICATE);

    /** What the section asked for, and the reply to answer it with. */
    record Asked(String what, String socketId, String name, Reply reply) {
    }

    final List<Asked> asked = new ArrayList<>();
    SocketModel socket;
    CustomDomainsPane pane;

    static SocketInfo socket(String type, List<CustomDomainInfo> domains) {
        return new SocketInfo("s_1", "shop", "quiet-river-1.localhost", type, "http://quiet-river-1.localhost:8080",
                null, null, false, null, List.of(), "2026-12-07T04:00:00Z", List.of(), domains, null);
    }

    @Start
    void start(Stage stage) {
        TestApp.theme(false);
        pane = new CustomDomainsPane(new DomainCommands() {
            @Override
            public void addCustomDomain(SocketModel s, String name, Reply reply) {
                asked.add(new Asked("add", s.socketId(), name, reply));
            }

            @Override
            public void removeCustomDomain(SocketModel s, String name, Reply reply) {
                asked.add(new Asked("remove", s.socketId(), name, reply));
            }

            @Override
            public void verifyCustomDomains(SocketModel s, Reply reply) {
                asked.add(new Asked("verify", s.socketId(), null, reply));
            }
        }, TestApp::copy);
        socket = new SocketModel(socket("http", List.of(PENDING, VERIFIED)), null);
        pane.show(socket);
        Scene scene = new Scene(new javafx.scene.layout.VBox(6, pane.toggle(), pane), 760, 520);
        scene.getStylesheets().add(Stylesheet.URL);
        stage.setScene(scene);
        stage.show();
    }

    private static Node row(FxRobot robot, String domain) {
        return fx(() -> robot.lookup(".custom-domain").queryAll().stream()
                .filter(n -> domain.equals(n.getUserData())).findFirst().orElseThrow());
    }

    private static Node inRow(FxRobot robot, String domain, String query) {
        return fx(() -> robot.from(row(robot, domain)).lookup(query).query());
    }

    private static boolean has(FxRobot robot, String domain, String query) {
        return fx(() -> robot.from(row(robot, domain)).lookup(query).tryQuery().isPresent());
    }

    private static String label(FxRobot robot, String domain, String query) {
        return fx(() -> robot.from(row(robot, domain)).lookup(query).queryAs(Label.class).getText());
    }

    private static boolean shown(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).query().isVisible());
    }

    @Test
    void eachStatusIsABadgeAndOnlyAnUnverifiedDomainShowsItsRecord(FxRobot robot) {
        assertEquals("Pending", label(robot, "app.example.org", ".domain-status"));
        assertTrue(fx(() -> robot.from(row(robot, "app.example.org")).lookup(".domain-status").query()
                .getStyleClass().contains("pending")));
        assertEquals("_portway.app.example.org", fx(() -> robot.from(row(robot, "app.example.org"))
                .lookup(".txt-name").queryAs(TextField.class).getText()));
        assertEquals("k3Jq-9xZ_a1B2c3D4e5F6g7H8", fx(() -> robot.from(row(robot, "app.example.org"))
                .lookup(".txt-value").queryAs(TextField.class).getText()));

        assertEquals("Verified", label(robot, "shop.example.org", ".domain-status"));
        assertFalse(has(robot, "shop.example.org", ".txt-name"), "a verified domain needs no record");
        assertEquals("Certificate: Pebble Intermediate CA 5f1a · valid until 7 Mar 2027",
                label(robot, "shop.example.org", ".domain-certificate"));
        assertTrue(shown(robot, "#verifyCustomDomains"), "one is pending: it can be checked again");
        assertEquals("▾ Custom domains (2: 1 verified, 1 pending)", fx(() -> pane.toggle().getText()));
        assertTrue(fx(() -> pane.isVisible()), "open while a record waits to be published");
    }

    @Test
    void aScreenReaderHearsWhatEachControlIsFor(FxRobot robot) {
        assertEquals("Custom domain to add", fx(() -> robot.lookup("#customDomainName").query().getAccessibleText()));
        assertEquals("Custom domains (2: 1 verified, 1 pending), shown", fx(() -> pane.toggle().getAccessibleText()));
        assertEquals("Remove app.example.org", fx(() -> inRow(robot, "app.example.org", ".remove-domain")
                .getAccessibleText()));
        assertEquals("Status: pending", fx(() -> inRow(robot, "app.example.org", ".domain-status")
                .getAccessibleText()));
        assertEquals("Copy the TXT record's name", fx(() -> inRow(robot, "app.example.org", ".copy-txt-name")
                .getAccessibleText()));
        assertEquals("Copy the TXT record's value", fx(() -> inRow(robot, "app.example.org", ".copy-txt-value")
                .getAccessibleText()));
        Node value = inRow(robot, "app.example.org", ".txt-value");
        assertTrue(fx(() -> robot.from(row(robot, "app.example.org")).lookup(".label").queryAllAs(Label.class)
                .stream().anyMatch(l -> "Value".equals(l.getText()) && l.getLabelFor() == value)),
                "the field is named by its label");
        fx(() -> {
            pane.toggle().fire();
            return null;
        });
        assertEquals("Custom domains (2: 1 verified, 1 pending), hidden", fx(() -> pane.toggle().getAccessibleText()));
    }

    @Test
    void openedFromTheKeyboardTheFieldTakesTheFocus(FxRobot robot) {
        fx(() -> {
            pane.toggle().fire();
            pane.toggle().requestFocus();
            return null;
        });
        assertFalse(fx(() -> pane.isVisible()));
        robot.type(javafx.scene.input.KeyCode.SPACE);
        assertTrue(fx(() -> pane.isVisible()));
        assertTrue(fx(() -> robot.lookup("#customDomainName").query().isFocused()), "typing goes to the field");
    }

    @Test
    void theSectionIsFoldedWhenNothingWaitsForARecord(FxRobot robot) {
        fx(() -> {
            pane.show(new SocketModel(socket("https", List.of(VERIFIED)), null));
            return null;
        });
        assertFalse(fx(() -> pane.isVisible()));
        assertEquals("▸ Custom domains (1: 1 verified)", fx(() -> pane.toggle().getText()));
        fx(() -> {
            pane.show(new SocketModel(socket("https", List.of()), null));
            return null;
        });
        assertEquals("▸ Custom domains (none)", fx(() -> pane.toggle().getText()));
        robot.clickOn("#customDomainsToggle");
        assertTrue(fx(() -> pane.isVisible()));
        assertEquals("▾ Custom domains (none)", fx(() -> pane.toggle().getText()));
        assertTrue(shown(robot, "#addCustomDomain"));
    }

    @Test
    void everyBadgeReadsWellInBothThemes(FxRobot robot) {
        fx(() -> {
            socket.update(socket("http", List.of(PENDING, VERIFIED, new CustomDomainInfo("old.example.org",
                    CustomDomainInfo.FAILED, "_portway.old.example.org", "v", null))), null);
            return null;
        });
        for (boolean dark : new boolean[]{false, true}) {
            fx(() -> {
                TestApp.theme(dark);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            for (String domain : List.of("app.example.org", "shop.example.org", "old.example.org")) {
                double ratio = fx(() -> {
                    Label badge = robot.from(row(robot, domain)).lookup(".domain-status").queryAs(Label.class);
                    return Contrast.ratio((javafx.scene.paint.Color) badge.getTextFill(),
                            Contrast.background(badge, (javafx.scene.layout.Region) row(robot, domain)));
                });
                assertTrue(ratio >= 4.5, domain + "'s badge, dark " + dark + ": contrast " + ratio);
            }
        }
        fx(() -> {
            TestApp.theme(false);
            return null;
        });
    }

    @Test
    void copyPutsTheExactRecordOnTheClipboard(FxRobot robot) {
        robot.clickOn(inRow(robot, "app.example.org", ".copy-txt-name"));
        assertEquals("_portway.app.example.org", fx(() -> Clipboard.getSystemClipboard().getString()));
        robot.clickOn(inRow(robot, "app.example.org", ".copy-txt-value"));
        assertEquals("k3Jq-9xZ_a1B2c3D4e5F6g7H8", fx(() -> Clipboard.getSystemClipboard().getString()));
    }

    @Test
    void addHandsTheNameOnAndTheServersRefusalShowsInline(FxRobot robot) {
        robot.clickOn("#addCustomDomain");
        assertEquals("Type a domain of yours, e.g. app.example.org.",
                fx(() -> robot.lookup("#customDomainError").queryAs(Label.class).getText()));
        assertEquals(List.of(), asked, "nothing typed, nothing asked");

        robot.clickOn("#customDomainName").write("bad_name.example.org");
        robot.clickOn("#addCustomDomain");
        assertEquals(1, asked.size());
        assertEquals(new Asked("add", "s_1", "bad_name.example.org", asked.get(0).reply()), asked.get(0));
        assertEquals("", fx(() -> robot.lookup("#customDomainError").queryAs(Label.class).getText()));
        assertTrue(fx(() -> robot.lookup("#addCustomDomain").query().isDisabled()), "one add at a time");
        String refusal = "\"bad_name.example.org\" is not a valid domain name: a label may hold only a-z, 0-9 and -";
        fx(() -> {
            asked.get(0).reply().failed(refusal);
            return null;
        });
        assertEquals(refusal, fx(() -> robot.lookup("#customDomainError").queryAs(Label.class).getText()));
        assertTrue(shown(robot, "#customDomainError"));
        assertEquals("bad_name.example.org", fx(() -> robot.lookup("#customDomainName").queryAs(TextField.class)
                .getText()), "what was typed stays, to be corrected");
        assertFalse(fx(() -> robot.lookup("#addCustomDomain").query().isDisabled()));

        robot.doubleClickOn("#customDomainName").eraseText(30).write("api.example.org").type(
                javafx.scene.input.KeyCode.ENTER);
        assertEquals("api.example.org", asked.get(1).name(), "Enter adds too");
        fx(() -> {
            asked.get(1).reply().done();
            return null;
        });
        assertEquals("", fx(() -> robot.lookup("#customDomainName").queryAs(TextField.class).getText()));
        assertFalse(shown(robot, "#customDomainError"), "the refusal is gone once an add worked");
    }

    @Test
    void removeAsksFirstThenHandsTheNameOn(FxRobot robot) {
        robot.clickOn(inRow(robot, "shop.example.org", ".remove-domain"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Cancel");
        assertEquals(List.of(), asked);
        robot.clickOn(inRow(robot, "shop.example.org", ".remove-domain"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("OK");
        assertEquals(1, asked.size());
        assertEquals("remove", asked.get(0).what());
        assertEquals("shop.example.org", asked.get(0).name());
    }

    @Test
    void checkAgainAsksTheServerAndLeavesWithTheLastUnverifiedDomain(FxRobot robot) {
        robot.clickOn("#verifyCustomDomains");
        assertEquals("verify", asked.get(0).what());
        assertEquals("s_1", asked.get(0).socketId());
        fx(() -> {
            asked.get(0).reply().done();
            socket.update(socket("http", List.of(new CustomDomainInfo(PENDING.name(), CustomDomainInfo.VERIFIED,
                    PENDING.txtName(), PENDING.txtValue(), null), VERIFIED)), null);
            return null;
        });
        assertEquals("Verified", label(robot, "app.example.org", ".domain-status"));
        assertFalse(has(robot, "app.example.org", ".txt-name"));
        assertFalse(shown(robot, "#verifyCustomDomains"), "nothing left to check");
        fx(() -> {
            socket.update(socket("http", List.of(new CustomDomainInfo(PENDING.name(), CustomDomainInfo.FAILED,
                    PENDING.txtName(), PENDING.txtValue(), null))), null);
            return null;
        });
        assertEquals("Failed", label(robot, "app.example.org", ".domain-status"));
        assertTrue(has(robot, "app.example.org", ".txt-value"), "a failed domain still shows what to add");
        assertTrue(shown(robot, "#verifyCustomDomains"));
    }

    @Test
    void aDomainAddedElsewhereOpensTheSectionOnItsRecord(FxRobot robot) {
        fx(() -> {
            pane.show(socket);
            socket.update(socket("http", List.of(VERIFIED)), null);
            pane.show(socket);
            return null;
        });
        assertFalse(fx(() -> pane.isVisible()), "nothing waits for a record");
        fx(() -> {
            socket.update(socket("http", List.of(VERIFIED, PENDING)), null);
            return null;
        });
        assertTrue(fx(() -> pane.isVisible()), "added by socket update: its record to publish shows");
        assertEquals(List.of("app.example.org", "shop.example.org"), fx(() -> robot.lookup(".custom-domain")
                .queryAll().stream().map(n -> (String) n.getUserData()).toList()),
                "the one waiting for its record first, where the section's height shows it whole");
        fx(() -> {
            pane.toggle().fire();
            socket.update(socket("http", List.of(VERIFIED, new CustomDomainInfo(PENDING.name(),
                    CustomDomainInfo.FAILED, PENDING.txtName(), PENDING.txtValue(), null))), null);
            return null;
        });
        assertFalse(fx(() -> pane.isVisible()), "closed by hand, it stays closed while no new one comes");
    }

    @Test
    void aTcpSocketHasNoCustomDomains(FxRobot robot) {
        assertTrue(shown(robot, "#customDomains"));
        assertTrue(shown(robot, "#customDomainsToggle"));
        fx(() -> {
            pane.show(new SocketModel(socket("tcp", List.of()), null));
            return null;
        });
        assertFalse(shown(robot, "#customDomains"));
        assertFalse(shown(robot, "#customDomainsToggle"));
        fx(() -> {
            pane.show(new SocketModel(socket("tls", List.of()), null));
            return null;
        });
        assertTrue(shown(robot, "#customDomainsToggle"), "a tls socket is routed by SNI, so a custom domain works");
        assertTrue(fx(() -> robot.lookup("#customDomainsIntro").queryAs(Label.class).getText())
                .contains("point the domain at quiet-river-1.localhost"));
    }
}

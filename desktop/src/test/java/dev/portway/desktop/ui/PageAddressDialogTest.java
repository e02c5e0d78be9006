// When no way of opening a page works (a window manager without GNOME and no xdg-open), the Admin link shows the
// page's address in a dialog whose Copy button puts it on the clipboard (and then reads "Copied" in full), saying
// that the link signs in once and works for 60 s. No browser is started: the launchers are fakes that fail.
package dev.portway.desktop.ui;

import static dev.portway.desktop.ui.TestApp.WAIT;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.desktop.system.UrlOpener;
import dev.portway.server.ServerUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.text.Text;
import javafx.stage.Stage;
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
class PageAddressDialogTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    String api;
    /** What each failing launcher was asked to open, in order. */
    final List<String> tried = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        api = TestApp.api(servers.start(dir.resolve("server")));
        // As on a bare window manager: no desktop integration, and xdg-open fails (it exits 3).
        UrlOpener failing = new UrlOpener(List.of(url -> {
            tried.add("desktop " + url);
            throw new IOException("Operation not supported");
        }, url -> {
            tried.add("xdg-open " + url);
            return false;
        }));
        TestApp.start(stage, TestApp.options(dir), app -> app.openPagesWith(failing));
    }

    @Test
    void whenNoBrowserOpensTheAddressIsShownWithCopy(FxRobot robot) {
        TestApp.signUp(robot, api, "root@example.com");
        await().atMost(WAIT).until(() -> fx(() -> robot.lookup("#adminPage").tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null).orElse(false)));
        robot.clickOn("#adminPage");

        await().atMost(WAIT).until(() -> robot.lookup("#pageAddress").tryQuery().isPresent());
        String shown = fx(() -> robot.lookup("#pageAddress").queryAs(TextField.class).getText());
        assertTrue(shown.startsWith(api + "/admin"), shown);
        assertEquals(List.of("desktop " + shown, "xdg-open " + shown), tried, "every way was tried first, in turn");

        fx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        robot.clickOn("#copyPageAddress");
        assertEquals(shown, fx(() -> Clipboard.getSystemClipboard().getString()));
        assertEquals("Copied", fx(() -> robot.lookup("#copyPageAddress").queryAs(Button.class).getText()));
        // What the button shows, not what it was given: a button too narrow shows "Copi…".
        assertEquals("Copied", fx(() -> ((Text) robot.lookup("#copyPageAddress").queryAs(Button.class)
                .lookup(".text")).getText()));
        assertEquals("This link signs you in once and works for 60 s.",
                fx(() -> robot.lookup("#pageAddressNote").queryLabeled().getText()));
        robot.clickOn("Close");
        await().atMost(WAIT).until(() -> robot.lookup("#pageAddress").tryQuery().isEmpty());
    }
}

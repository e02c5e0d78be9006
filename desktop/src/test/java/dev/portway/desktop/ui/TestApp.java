// The app as the UI tests start it, for every screen's tests: its settings and autostart entry under a temporary
// directory, a real server on loopback for it to sign in to, the app started on TestFX's stage, and signed up there.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.awaitility.Awaitility.await;

import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.server.PortwayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

public final class TestApp {
    /** How long the UI tests wait for the window to show what a step did. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a sign-up may take to open the main window (a loaded machine starts the engine slowly). */
    private static final Duration SIGNED_IN = Duration.ofSeconds(60);

    private TestApp() {
    }

    /** The environment that puts the app's settings under dir/config. */
    public static Map<String, String> env(Path dir) {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
    }

    /** The options of "portway app", with its settings under dir/config and its autostart entry under dir/home. */
    public static DesktopApp.Options options(Path dir) {
        Map<String, String> env = env(dir);
        return new DesktopApp.Options(SettingsStore.standard(env),
                new Autostart(Os.LINUX, dir.resolve("home"), env, List.of("portway", "app")), false);
    }

    /** The address the app signs in to. */
    public static String api(PortwayServer server) {
        return "http://127.0.0.1:" + server.config().apiPort();
    }

    /**
     * Starts the app on TestFX's stage as "portway app" would with these options; it opens on the sign-in screen.
     * before: what the test changes in the app before its window opens (how it opens web pages, say).
     */
    public static PortwayApp start(Stage stage, DesktopApp.Options options, Consumer<PortwayApp> before)
            throws Exception {
        DesktopApp.setOptions(options);
        PortwayApp app = new PortwayApp();
        before.accept(app);
        app.start(stage);
        return app;
    }

    public static PortwayApp start(Stage stage, DesktopApp.Options options) throws Exception {
        return start(stage, options, app -> { });
    }

    /** The app with its settings and autostart entry under dir (see options). */
    public static PortwayApp start(Stage stage, Path dir) throws Exception {
        return start(stage, options(dir));
    }

    /**
     * Creates an account on the sign-in screen and waits until the main window shows. The fields are filled on the
     * FX thread rather than typed: typing them is the sign-in screen's own tests' subject, and costs seconds a test.
     */
    public static void signUp(FxRobot robot, String api, String email) {
        fx(() -> {
            robot.lookup("#server").queryAs(TextField.class).setText(api);
            robot.lookup("#email").queryAs(TextField.class).setText(email);
            robot.lookup("#password").queryAs(TextField.class).setText("password1");
            return null;
        });
        robot.clickOn("#createAccount");
        // Looked up on the FX thread: the main view replaces the sign-in view there.
        await().atMost(SIGNED_IN).until(() -> fx(() -> robot.lookup("#newSocket").tryQuery()
                .map(n -> n.getScene() != null && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing()).orElse(false)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The app's inspector (its log, the page's address), for tests of the inspector's pane and page. */
    public static dev.portway.desktop.ui.inspector.Inspectors inspectors(PortwayApp app) {
        return app.model().inspectors();
    }

    /**
     * Shares a local http port as the app's Share a port does (a socket and a tunnel, switched on and selected), by
     * the model: for tests whose subject comes after it. A refusal fails the test.
     */
    public static void sharePort(PortwayApp app, int port) {
        java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        fx(() -> {
            app.model().switches().sharePort("127.0.0.1", port, "http", null,
                    dev.portway.desktop.ui.common.Reply.to(refused::add));
            return null;
        });
        if (!refused.isEmpty()) {
            throw new AssertionError("share port refused: " + refused);
        }
    }

    /** The app with its settings under dir, whose web pages go to opened instead of a browser. */
    public static PortwayApp start(Stage stage, Path dir, Consumer<String> opened) throws Exception {
        return start(stage, options(dir), app -> app.openPagesWith(opened));
    }

    /** The Primer theme the app shows, light or dark, for tests that put a screen's pane on a scene of their own. */
    public static void theme(boolean dark) {
        PortwayApp.theme(dark);
    }

    /** Puts text on the clipboard as the app's Copy buttons do. */
    public static void copy(String text) {
        PortwayApp.copy(text);
    }

    /**
     * Clicks the button of that text in the dialog on screen: clickOn("Cancel") alone may find another (the Who can
     * visit section has a Cancel too), depending on the order in which windows are searched.
     */
    public static void answerDialog(FxRobot robot, String button) {
        Button b = fx(() -> robot.lookup(".dialog-pane").queryAll().stream()
                .flatMap(pane -> pane.lookupAll(".button").stream())
                .filter(n -> n instanceof Button x && button.equals(x.getText()) && x.isVisible())
                .map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no dialog with a " + button + " button on screen")));
        robot.clickOn(b);
    }

    /** Reads what read returns on the FX thread, as a test thread must read the scene. */
    public static <T> T fx(Callable<T> read) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(read));
    }
}

// The app as the UI tests start it: its settings and autostart entry under a temporary directory, and a real server
// on loopback for it to sign in to.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.server.PortwayServer;
import dev.portway.server.StartupException;
import dev.portway.server.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.scene.control.Button;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

final class TestApp {
    private TestApp() {
    }

    /** The environment that puts the app's settings under dir/config. */
    static Map<String, String> env(Path dir) {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
    }

    /** The options of "portway app", with its settings under dir/config and its autostart entry under dir/home. */
    static DesktopApp.Options options(Path dir) {
        Map<String, String> env = env(dir);
        return new DesktopApp.Options(SettingsStore.standard(env),
                new Autostart(Autostart.Platform.LINUX, dir.resolve("home"), env, List.of("portway", "app")), false);
    }

    /** A server with its data under dir/server. */
    static PortwayServer server(Path dir) throws StartupException {
        return TestServers.start(dir.resolve("server"));
    }

    /** The address the app signs in to. */
    static String api(PortwayServer server) {
        return "http://127.0.0.1:" + server.config().apiPort();
    }

    /**
     * Clicks the button of that text in the dialog on screen: clickOn("Cancel") alone may find another (the Who can
     * visit section has a Cancel too), depending on the order in which windows are searched.
     */
    static void answerDialog(FxRobot robot, String button) {
        Button b = fx(() -> robot.lookup(".dialog-pane").queryAll().stream()
                .flatMap(pane -> pane.lookupAll(".button").stream())
                .filter(n -> n instanceof Button x && button.equals(x.getText()) && x.isVisible())
                .map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no dialog with a " + button + " button on screen")));
        robot.clickOn(b);
    }

    /** Reads what read returns on the FX thread, as a test thread must read the scene. */
    static <T> T fx(Callable<T> read) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(read));
    }
}

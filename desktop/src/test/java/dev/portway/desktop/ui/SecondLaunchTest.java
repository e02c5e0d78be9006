// A second "portway app" (another JVM, as from a second terminal or a click in the menu) while the app runs: the
// running app's window comes forward, and the second launch exits 0 with one line.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.SingleInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("process")
@Tag("ui")
class SecondLaunchTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    Stage window;
    SingleInstance instance;

    @Start
    void start(Stage stage) throws Exception {
        window = stage;
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
        SettingsStore settings = SettingsStore.standard(env);
        instance = SingleInstance.claim(settings.file().getParent(), true).instance();
        TestApp.start(stage, new DesktopApp.Options(settings, new Autostart(Os.LINUX,
                dir.resolve("home"), env, List.of("portway", "app")), false, null, instance));
    }

    @AfterEach
    void stop() throws Exception {
        instance.close();
    }

    @Test
    void aSecondAppBringsTheRunningWindowForwardAndExitsZero() throws Exception {
        // As after closing the window with tunnels on: the app is in the tray, its window hidden.
        fx(() -> {
            window.hide();
            return null;
        });
        assertFalse(fx(window::isShowing));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-cp",
                System.getProperty("java.class.path"), "dev.portway.desktop.cli.DesktopMain", "app"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Process second = pb.start();
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, second.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), out);
        assertEquals("Portway is already running: its window was brought forward.", out.strip());

        await().atMost(WAIT).until(() -> fx(() -> window.isShowing() && !window.isIconified()));
    }
}

// Starts the JavaFX app; the one place the command line reaches into the UI (so the CLI never loads JavaFX).
package dev.portway.desktop.ui;

import dev.portway.desktop.engine.Autostart;
import dev.portway.desktop.engine.SettingsStore;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

public final class DesktopApp {
    /** How the app was asked to start. */
    public record Options(SettingsStore settings, Autostart autostart, boolean minimized) {
    }

    private static volatile Options options;

    private DesktopApp() {
    }

    static Options options() {
        return options;
    }

    /** For tests that start the app's stage themselves. */
    static void setOptions(Options opts) {
        options = opts;
    }

    /** Runs the app until its last window closes or the user quits; blocks the caller. */
    public static void run(Options opts) {
        options = opts;
        Application.launch(PortwayApp.class);
    }

    /** The autostart entry's command: the launcher script when known, else this jar. */
    public static List<String> autostartCommand() {
        String launcher = System.getProperty("portway.launcher");
        if (launcher != null) {
            return List.of(launcher, "app", "--minimized");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = DesktopApp.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return List.of(java, "-jar", jar, "app", "--minimized");
    }
}

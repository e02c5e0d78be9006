// Starts the JavaFX app; the one place the command line reaches into the UI (so the CLI never loads JavaFX).
package dev.portway.desktop.ui;

import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.service.JvmOptions;
import dev.portway.agent.system.CodeLocation;
import dev.portway.agent.system.InstalledLauncher;
import dev.portway.agent.system.JavaExecutable;
import dev.portway.agent.system.Os;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.JavaFxNatives;
import dev.portway.desktop.system.LoginLauncher;
import dev.portway.desktop.system.NativeLoadDiagnosis;
import dev.portway.desktop.system.SingleInstance;
import dev.portway.desktop.ui.signin.LocalServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javafx.application.Application;

public final class DesktopApp {
    /**
     * How the app was asked to start; localServer is set when "portway up" started one for it; instance, when set,
     * is this user's one app, which a later launch asks to bring the window forward.
     */
    public record Options(SettingsStore settings, Autostart autostart, boolean minimized, LocalServer localServer,
                          SingleInstance instance) {
        public Options(SettingsStore settings, Autostart autostart, boolean minimized) {
            this(settings, autostart, minimized, null, null);
        }

        public Options(SettingsStore settings, Autostart autostart, boolean minimized, LocalServer localServer) {
            this(settings, autostart, minimized, localServer, null);
        }
    }

    private static volatile Options options;
    /** JavaFX's own logger (com.sun.javafx.util.Logging), held here so the filter set on it stays. */
    private static final java.util.logging.Logger JAVAFX = java.util.logging.Logger.getLogger("javafx");

    /** Why the app cannot open a window here, or null when it can. */
    public static String whyNoDisplay(java.util.Map<String, String> env) {
        // Monocle (glass.platform, in tests) draws without a screen.
        return System.getProperty("glass.platform") != null ? null : whyNoDisplay(Os.current(), env);
    }

    /**
     * Only Linux (X11 or Wayland) says in the environment whether there is a screen: macOS and Windows draw in the
     * user's session whatever the environment holds, and have no DISPLAY to look for.
     */
    static String whyNoDisplay(Os os, java.util.Map<String, String> env) {
        boolean unix = os == Os.LINUX;
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank()
                || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        // The app's package has no "portway server": a server is the portway-server package.
        return unix && !display ? "the app needs a desktop session (DISPLAY is not set); without one, use the "
                + "command line (portway --help), and for a server the portway-server package (docs/deploy.md)" : null;
    }

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
        // Running from a plain jar is what we ship; JavaFX's warning about it ("Unsupported JavaFX configuration:
        // classes were loaded from 'unnamed module'") would only alarm people. Only that one record is dropped: the
        // filter sees the records of this logger, not those of its children (javafx.css ...).
        JAVAFX.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        try {
            Application.launch(PortwayApp.class);
        } catch (RuntimeException e) {
            String why = NativeLoadDiagnosis.explain(e, JavaFxNatives.unpacked()).orElse(null);
            if (why != null) {
                throw new IllegalStateException(why, e);
            }
            throw e;
        }
    }

    /** The autostart entry's command: the installed launcher, else the launcher script when known, else this jar. */
    public static List<String> autostartCommand() {
        return autostartCommand(System::getProperty);
    }

    /** property: looks up a system property (tests pass their own). */
    static List<String> autostartCommand(UnaryOperator<String> property) {
        return autostartCommand(Os.current(), property);
    }

    static List<String> autostartCommand(Os os, UnaryOperator<String> property) {
        // An installed app logs in through its launcher, not through the jar or runtime inside the package.
        Optional<String> installed = InstalledLauncher.of(property);
        if (installed.isPresent()) {
            return List.of(windowedLauncher(os, installed.get()), "app", "--minimized");
        }
        String launcher = property.apply("portway.launcher");
        if (launcher != null) {
            List<String> cmd = new ArrayList<>(LoginLauncher.of(os, launcher, property));
            cmd.addAll(List.of("app", "--minimized"));
            return cmd;
        }
        // A bare jar: this Java with the options every launcher gives the app (jvm.options), as a checkout's entry has.
        List<String> cmd = new ArrayList<>(JvmOptions.clientCommand(
                JavaExecutable.windowless(os, property.apply("java.home")), List.of(), List.of("-jar", ownJar())));
        cmd.addAll(List.of("app", "--minimized"));
        return cmd;
    }

    /** The jar (or classes folder) this class runs from, as a file path on every system (no URL escapes). */
    static String ownJar() {
        return CodeLocation.of(DesktopApp.class)
                .orElseThrow(() -> new IllegalStateException("the app's own location is not a file"))
                .toString();
    }

    /**
     * The .msi's portway-cli.exe is its console launcher (jpackage sets jpackage.app-path to whichever runs): an app
     * opened with "portway-cli app" logs in through portway.exe beside it, which opens no console window.
     */
    static String windowedLauncher(Os os, String launcher) {
        String cli = "portway-cli.exe";
        boolean console = os == Os.WINDOWS && launcher.toLowerCase(java.util.Locale.ROOT).endsWith("\\" + cli);
        return console ? launcher.substring(0, launcher.length() - cli.length()) + "portway.exe" : launcher;
    }
}

// "portway app": opens the desktop app.
package dev.portway.desktop.cli;

import dev.portway.agent.system.AppDirs;
import dev.portway.agent.system.Os;
import dev.portway.agent.cli.Cli;
import dev.portway.agent.cli.CliCommand;
import dev.portway.agent.cli.CliException;
import dev.portway.agent.cli.Context;
import dev.portway.agent.cli.InspectOptions;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.GtkRuntime;
import dev.portway.desktop.system.JavaFxNatives;
import dev.portway.desktop.system.SingleInstance;
import dev.portway.desktop.ui.DesktopApp;
import dev.portway.desktop.ui.inspector.Inspectors;
import dev.portway.desktop.ui.signin.LocalServer;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "app", description = "Open the Portway desktop app.")
public final class AppCommand extends CliCommand {
    @Option(names = "--minimized", description = "Start in the tray (used by \"Connect at login\").")
    boolean minimized;
    @Mixin
    InspectOptions inspect;

    @Override
    protected int run(Context ctx) throws IOException {
        inspectPort(inspect);
        SingleInstance instance = oneApp(cli, minimized);
        if (instance == null) {
            return 0;
        }
        try (instance) {
            readyForJavaFx(cli);
            DesktopApp.run(options(cli, minimized, DesktopApp.autostartCommand(), null, instance));
        }
        return 0;
    }

    /**
     * This launch's claim to be the user's one app; null when another already runs, which was asked to bring its
     * window forward (minimized, as at login: only told nothing), and this command is done.
     */
    static SingleInstance oneApp(Cli cli, boolean minimized) {
        SingleInstance.Claim claim;
        try {
            claim = SingleInstance.claim(cli.settings().file().getParent(), !minimized);
        } catch (IOException e) {
            throw new CliException(e.getMessage());
        }
        if (!claim.first()) {
            cli.out().println(minimized ? "Portway is already running."
                    : "Portway is already running: its window was brought forward.");
        }
        return claim.instance();
    }

    /** --inspect-port or --no-inspect, checked, stand in for the -Dportway.inspect.port the app reads. */
    static void inspectPort(InspectOptions inspect) {
        Integer port = inspect.port();
        if (inspect.given()) {
            System.setProperty(Inspectors.PORT_PROPERTY, port == null ? "off" : port.toString());
        }
    }

    /**
     * Before the app opens, each refusal before anything is unpacked: a platform this jar has JavaFX for, then a
     * display; then the universal jar's libraries for it unpacked (a no-op for the platform jar).
     */
    static void readyForJavaFx(Cli cli) {
        try {
            JavaFxNatives.requirePlatform();
            requireDisplay(cli);
            JavaFxNatives.prepare(AppDirs.current(cli.env()).cache());
        } catch (JavaFxNatives.NoPlatformException | IOException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static void requireDisplay(Cli cli) {
        String why = DesktopApp.whyNoDisplay(cli.env());
        // Monocle (glass.platform, in tests) draws without GTK.
        if (why == null && System.getProperty("glass.platform") == null) {
            why = GtkRuntime.current(cli.env()).whyMissing();
        }
        if (why != null) {
            throw new CliException(why);
        }
    }

    /** atLogin: what "Connect at login" runs; local: the server "up" started, or null; instance: this app's claim. */
    static DesktopApp.Options options(Cli cli, boolean minimized, List<String> atLogin, LocalServer local,
                                      SingleInstance instance) {
        Autostart autostart = new Autostart(Os.current(), AppDirs.home(cli.env()),
                cli.env(), atLogin, Autostart.loginJavaHome(System::getProperty));
        return new DesktopApp.Options(cli.settings(), autostart, minimized, local, instance);
    }
}

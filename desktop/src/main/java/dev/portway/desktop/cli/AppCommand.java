// "portway app": opens the desktop app.
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Cli;
import dev.portway.agent.cli.CliCommand;
import dev.portway.agent.cli.CliException;
import dev.portway.agent.cli.Context;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.GtkRuntime;
import dev.portway.desktop.ui.DesktopApp;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "app", description = "Open the Portway desktop app.")
public final class AppCommand extends CliCommand {
    @Option(names = "--minimized", description = "Start in the tray (used by \"Connect at login\").")
    boolean minimized;

    @Override
    protected int run(Context ctx) {
        requireDisplay(cli);
        DesktopApp.run(options(cli, minimized));
        return 0;
    }

    static void requireDisplay(Cli cli) {
        String why = DesktopApp.whyNoDisplay(cli.env());
        // Monocle (glass.platform, in tests) draws without GTK.
        if (why == null && System.getProperty("glass.platform") == null) {
            why = GtkRuntime.current(cli.env()).whyMissing();
        }
        if (why != null) {
            throw new CliException(why);
        }
    }

    static DesktopApp.Options options(Cli cli, boolean minimized) {
        return options(cli, minimized, DesktopApp.autostartCommand(), null);
    }

    /** atLogin: what "Connect at login" runs; local: the server "up" started, or null. */
    static DesktopApp.Options options(Cli cli, boolean minimized, List<String> atLogin, DesktopApp.LocalServer local) {
        Autostart autostart = new Autostart(Autostart.currentPlatform(), Path.of(System.getProperty("user.home")),
                cli.env(), atLogin);
        return new DesktopApp.Options(cli.settings(), autostart, minimized, local);
    }
}

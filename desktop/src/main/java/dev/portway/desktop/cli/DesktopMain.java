// Entry point of the desktop build: the agent's command line plus "app" and "up", which need JavaFX, and "server".
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Main;
import dev.portway.agent.system.AppDirs;
import dev.portway.desktop.system.JavaFxNatives;
import java.io.IOException;
import java.util.Set;

public final class DesktopMain {
    /** The commands this build adds to the agent's. */
    static final Class<?>[] EXTRA = {AppCommand.class, UpCommand.class, ServerCommand.class};
    /** The commands that open the app, and so load JavaFX. */
    private static final Set<String> APP = Set.of("app", "up");

    private DesktopMain() {
    }

    public static void main(String[] args) {
        // No command opens the app, as a double-clicked jar (java -jar portway-all.jar) should.
        String[] command = args.length == 0 ? new String[] {"app"} : args;
        if (opensApp(command)) {
            try {
                JavaFxNatives.prepare(AppDirs.current(System.getenv()).cache());
            } catch (JavaFxNatives.NoPlatformException | IOException e) {
                System.err.println("portway: " + e.getMessage());
                System.exit(1);
            }
        }
        Main.launch(command, EXTRA);
    }

    /** Whether the command (the first argument that is not an option) is one that opens the app. */
    static boolean opensApp(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return APP.contains(arg);
            }
        }
        return false;
    }
}

// Entry point of the desktop build: the agent's command line plus "app" and "up", which need JavaFX, and "server".
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Main;

public final class DesktopMain {
    /** The commands this build adds to the agent's. */
    static final Class<?>[] EXTRA = {AppCommand.class, UpCommand.class, ServerCommand.class};

    private DesktopMain() {
    }

    public static void main(String[] args) {
        Main.launch(command(args), EXTRA);
    }

    /**
     * What runs for these arguments: no command opens the app, as a double-clicked jar (java -jar portway-all.jar)
     * should; "server" is only its refusal, whatever follows: its flags, --help too, belong to the server's jar, and
     * this one's help would list the client's options as if they were the server's.
     */
    static String[] command(String[] args) {
        if (args.length == 0) {
            return new String[] {"app"};
        }
        return "server".equals(name(args)) ? new String[] {"server"} : args;
    }

    /** The command: the first argument that is not an option; "" when there is none. */
    private static String name(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return "";
    }
}

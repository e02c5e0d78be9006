// Entry point of the desktop build: the agent's command line plus "app" and "up", which need JavaFX, and "server".
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Main;
import java.util.Arrays;
import java.util.Set;

public final class DesktopMain {
    /** The commands this build adds to the agent's. */
    static final Class<?>[] EXTRA = {AppCommand.class, UpCommand.class, ServerCommand.class};
    /** The global options that take their value as the next argument (GlobalOptions). */
    private static final Set<String> VALUED = Set.of("--server", "--fingerprint", "--token");

    private DesktopMain() {
    }

    public static void main(String[] args) {
        Main.launch(command(args), EXTRA);
    }

    /**
     * What runs for these arguments: no command opens the app, as a double-clicked jar (java -jar portway-all.jar)
     * should; "server" (and "help server") is only its refusal, whatever follows: its flags, --help too, belong to the
     * server's jar, and this one's help would list the client's options as if they were the server's. Only --json
     * stays, anywhere in the line: the refusal then comes in JSON, as a script asked.
     */
    static String[] command(String[] args) {
        if (args.length == 0) {
            return new String[] {"app"};
        }
        int at = commandAt(args);
        if (at < 0) {
            return args;
        }
        boolean helpServer = args[at].equals("help") && at + 1 < args.length && args[at + 1].equals("server");
        if (!args[at].equals("server") && !helpServer) {
            return args;
        }
        return Arrays.asList(args).contains("--json") ? new String[] {"server", "--json"} : new String[] {"server"};
    }

    /** Where the command is: the first argument that is neither an option nor a global option's value; -1 if none. */
    private static int commandAt(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED.contains(args[i])) {
                i++; // --server URL: the URL is not the command
            } else if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}

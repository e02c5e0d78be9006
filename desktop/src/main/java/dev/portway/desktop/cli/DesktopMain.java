// Entry point of the desktop build: the agent's command line plus "app" and "up", which need JavaFX, and "server".
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Main;

public final class DesktopMain {
    /** The commands this build adds to the agent's. */
    static final Class<?>[] EXTRA = {AppCommand.class, UpCommand.class, ServerCommand.class};

    private DesktopMain() {
    }

    public static void main(String[] args) {
        Main.launch(args, EXTRA);
    }
}

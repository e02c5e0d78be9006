// Entry point of the desktop build: the agent's command line plus "app" and "up", which need JavaFX.
package dev.portway.desktop.cli;

import dev.portway.agent.cli.Main;

public final class DesktopMain {
    private DesktopMain() {
    }

    public static void main(String[] args) {
        Main.launch(args, AppCommand.class, UpCommand.class);
    }
}

// What the desktop build runs for a command line: no command is the app; "server", --help too, is its refusal.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DesktopMainTest {
    @Test
    void noCommandOpensTheApp() {
        assertArrayEquals(new String[] {"app"}, DesktopMain.command(new String[0]));
    }

    @Test
    void otherCommandsRunAsGiven() {
        for (String[] args : new String[][] {{"app", "--minimized"}, {"--verbose", "up", "--port", "8080"},
            {"--help"}, {"socket", "ls"}, {"connect", "--port", "3000", "--subdomain", "server"},
            {"--server", "server", "login"}, {"--token", "server", "socket", "ls"}, {"help", "socket"}}) {
            assertArrayEquals(args, DesktopMain.command(args));
        }
    }

    @Test
    void serverIsOnlyItsRefusalWhateverFollows() {
        assertArrayEquals(new String[] {"server"}, DesktopMain.command(new String[] {"server"}));
        assertArrayEquals(new String[] {"server"}, DesktopMain.command(new String[] {"server", "--help"}));
        assertArrayEquals(new String[] {"server"}, DesktopMain.command(new String[] {"server", "app"}));
        assertArrayEquals(new String[] {"server"}, DesktopMain.command(new String[] {"help", "server"}));
        assertArrayEquals(new String[] {"server", "--json"}, DesktopMain.command(new String[] {"server", "-h",
            "--json"}));
        assertArrayEquals(new String[] {"server"},
                DesktopMain.command(new String[] {"--server", "https://x", "server", "--bind", "0.0.0.0"}));
    }
}

// "Connect at login" after "portway up" starts up again (the local server too), in the tray, with up's own flags.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpCommandTest {
    @Test
    void atLoginUpRunsAgainInTheTrayWithItsFlagsAndAnAbsoluteDataFolder() {
        Path data = Path.of("/home/me/portway-data");
        assertEquals(List.of("/opt/portway/portway", "up", "--minimized", "--api-port", "17170", "--data",
                        "/home/me/portway-data"),
                UpCommand.autostartCommand("/opt/portway/portway", List.of("--api-port", "17170"), data));
        // A relative --data named a folder of the shell up ran in; the server said where that is.
        assertEquals(List.of("portway", "up", "--minimized", "--domain", "example.com", "--data",
                        "/home/me/portway-data"),
                UpCommand.autostartCommand("portway", List.of("--data", "./portway-data", "--domain", "example.com"),
                        data));
        assertEquals(List.of("portway", "up", "--minimized", "--data", "/home/me/portway-data"),
                UpCommand.autostartCommand("portway", List.of("--data=rel"), data));
    }

    @Test
    void minimizedIsUpsOwnFlagAndTheRestGoToTheServer() {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--minimized", "--api-port", "17170");
        assertTrue(up.minimized);
        assertEquals(List.of("--api-port", "17170"), up.serverFlags);
        UpCommand plain = new UpCommand();
        new CommandLine(plain).parseArgs("--api-port", "17170");
        assertFalse(plain.minimized);
    }
}

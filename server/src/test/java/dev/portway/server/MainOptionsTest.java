// "portway server --help": every option and parameter of the server and its subcommands says what it is for, and
// names its value in capitals like the others.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainOptionsTest {
    @Test
    void everyOptionAndParameterHasADescription() {
        CommandLine root = new CommandLine(new Main());
        int commands = OptionDescriptions.commands(root).size();
        assertTrue(commands >= 5, "server, backup, admin, admin grant, admin revoke: " + commands);
        assertEquals(List.of(), OptionDescriptions.missing(root));
    }

    @Test
    void everyValueHasALabelInCapitals() {
        CommandLine root = new CommandLine(new Main());
        assertEquals(List.of(), OptionDescriptions.unlabelled(root));
        String help = root.getUsageMessage();
        assertTrue(help.contains("--bind=ADDRESS") && help.contains("--data=DIR"), help);
        assertEquals(List.of(), OptionDescriptions.brokenUrls(root), "addresses in one piece, to copy");
    }
}

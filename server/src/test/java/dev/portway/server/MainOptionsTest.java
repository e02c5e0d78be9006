// "portway server --help": every option and parameter of the server and its subcommands says what it is for.
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
}

// "portway server --help": every option and parameter of the server and its subcommands says what it is for.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

class MainOptionsTest {
    @Test
    void everyOptionAndParameterHasADescription() {
        List<String> missing = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(new CommandLine(new Main())));
        int commands = 0;
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(0);
            commands++;
            todo.addAll(c.getSubcommands().values().stream().distinct().toList());
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                if (String.join("", arg.description()).isBlank()) {
                    missing.add(c.getCommandSpec().qualifiedName() + " "
                            + (arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel()));
                }
            }
        }
        assertTrue(commands >= 5, "server, backup, admin, admin grant, admin revoke: " + commands);
        assertEquals(List.of(), missing);
    }
}

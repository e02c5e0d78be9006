// Walks a picocli command tree for the tests that hold every command's --help to saying what each option is for.
package dev.portway.server;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

public final class OptionDescriptions {
    private OptionDescriptions() {
    }

    /** The root and every command below it, breadth first, each once. */
    public static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(0);
            all.add(c);
            todo.addAll(c.getSubcommands().values().stream().distinct().toList());
        }
        return all;
    }

    /** "command --option" (or "command LABEL" for a parameter) for each option and parameter with no description. */
    public static List<String> missing(CommandLine root) {
        List<String> missing = new ArrayList<>();
        for (CommandLine c : commands(root)) {
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                if (String.join("", arg.description()).isBlank()) {
                    missing.add(c.getCommandSpec().qualifiedName() + " "
                            + (arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel()));
                }
            }
        }
        return missing;
    }
}

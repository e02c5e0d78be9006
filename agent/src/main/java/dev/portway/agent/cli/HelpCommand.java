// "portway help [COMMAND…]": the help of any command, however deep (picocli's own stops at the first level).
package dev.portway.agent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "help", helpCommand = true, description = "Show a command's help, e.g. 'portway help tunnel connect'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its subcommands.")
    List<String> path = new ArrayList<>();
    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        self = helpCommandLine;
        colors = colorScheme;
        out = outWriter;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new UsageException("no command \"" + String.join(" ", path) + "\"; see 'portway help'");
            }
            target = next;
        }
        target.usage(out, colors);
    }
}

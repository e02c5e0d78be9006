// Walks a picocli command tree for the tests that hold every command's --help to saying what each option is for, in
// the same words: a value's label in capitals (PORT, DIR), never picocli's <fieldName>.
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

    /**
     * "command --option <label>" for each option that takes a value and each parameter shown with picocli's default
     * label, the Java field's name in angle brackets (--data=<data> beside --api-port=PORT).
     */
    public static List<String> unlabelled(CommandLine root) {
        List<String> unlabelled = new ArrayList<>();
        for (CommandLine c : commands(root)) {
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                if (arg.arity().max() > 0 && arg.paramLabel().startsWith("<") && !arg.hidden()) {
                    unlabelled.add(c.getCommandSpec().qualifiedName() + " "
                            + (arg instanceof OptionSpec o ? o.longestName() + " " : "") + arg.paramLabel());
                }
            }
        }
        return unlabelled;
    }

    /**
     * "command: URL" for each address in a description that its --help breaks across lines
     * ("https://portway.example.com:" then "7070"), so that it cannot be copied from there.
     */
    public static List<String> brokenUrls(CommandLine root) {
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("[a-z]+://[^\\s,;)]*[^\\s,;).]");
        List<String> broken = new ArrayList<>();
        for (CommandLine c : commands(root)) {
            List<String> texts = new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
            texts.addAll(List.of(c.getCommandSpec().usageMessage().footer()));
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            args.forEach(a -> texts.addAll(List.of(a.description())));
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String text : texts) {
                java.util.regex.Matcher m = url.matcher(text);
                while (m.find()) {
                    if (!help.contains(m.group())) {
                        broken.add(c.getCommandSpec().qualifiedName() + ": " + m.group());
                    }
                }
            }
        }
        return broken;
    }
}

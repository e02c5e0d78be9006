// Bad-usage messages in the words a user types: picocli names a missing option by its longest alias (--tunnel_id),
// and a mistyped command an "unmatched argument at index 0".
package dev.portway.agent.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

final class UsageMessages {
    private UsageMessages() {
    }

    /**
     * The line to say after "portway: ": "unknown command 'sockets' (did you mean 'socket'?)" for a word where a
     * command goes, else what is wrong and where to read more, "missing --port PORT (see 'portway connect --help')".
     */
    static String line(CommandLine.ParameterException ex) {
        String help = " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                && !u.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()) {
            // As typed after "portway": "socket lss" for "portway socket lss".
            String group = u.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
            String at = group.isEmpty() ? "" : group + " ";
            List<String> like = u.getSuggestions();
            return "unknown command '" + at + u.getUnmatched().get(0) + "'"
                    + (like.isEmpty() ? help : " (did you mean '" + at + like.get(0) + "'?)");
        }
        return of(ex) + help;
    }

    /** "missing --tunnel TUNNEL_ID" for a required option or parameter left out; picocli's message otherwise. */
    private static String of(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && ex.getMessage().startsWith("Missing required ")) {
            List<ArgSpec> args = missing.getMissing();
            return "missing " + args.stream().map(UsageMessages::typed).collect(Collectors.joining(", "));
        }
        return ex.getMessage();
    }

    /** The first name an option is declared with (the one the help and the docs use), and its value's label. */
    private static String typed(ArgSpec arg) {
        String label = arg.paramLabel();
        if (arg instanceof OptionSpec option) {
            return arg.arity().max() == 0 ? option.names()[0] : option.names()[0] + " " + label;
        }
        return label;
    }
}

// Bad-usage messages in the words a user types: picocli names a missing option by its longest alias (--tunnel_id).
package dev.portway.agent.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

final class UsageMessages {
    private UsageMessages() {
    }

    /** "missing --tunnel TUNNEL_ID" for a required option or parameter left out; picocli's message otherwise. */
    static String of(CommandLine.ParameterException ex) {
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

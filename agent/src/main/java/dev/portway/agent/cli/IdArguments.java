// A socket or tunnel id given as the command's parameter or, mysocketctl style, as an option.
package dev.portway.agent.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

final class IdArguments {
    private IdArguments() {
    }

    /** SOCKET_ID or --socket/--socket_id. */
    static final class SocketArg {
        @Parameters(index = "0", paramLabel = "SOCKET_ID", arity = "0..1",
                description = "The socket (see 'portway socket ls'); or give it with --socket.")
        String parameter;
        @Option(names = {"--socket", "--socket_id", "--socket-id"}, paramLabel = "SOCKET_ID",
                description = "The socket, as an option.")
        String option;

        String id() {
            return pick(parameter, option, "socket", "SOCKET_ID");
        }
    }

    /** TUNNEL_ID or --tunnel/--tunnel_id. */
    static final class TunnelArg {
        @Parameters(index = "0", paramLabel = "TUNNEL_ID", arity = "0..1",
                description = "The tunnel (see 'portway tunnel ls'); or give it with --tunnel.")
        String parameter;
        @Option(names = {"--tunnel", "--tunnel_id", "--tunnel-id"}, paramLabel = "TUNNEL_ID",
                description = "The tunnel, as an option.")
        String option;

        String id() {
            return pick(parameter, option, "tunnel", "TUNNEL_ID");
        }
    }

    private static String pick(String parameter, String option, String what, String label) {
        if (parameter != null && option != null && !parameter.equals(option)) {
            throw new UsageException("two different " + what + "s given: " + parameter + " and " + option);
        }
        String id = parameter != null ? parameter : option;
        if (id == null) {
            throw new UsageException("which " + what + "? give its " + label);
        }
        return id;
    }
}

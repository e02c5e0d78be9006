// Checks of values the command line can judge before asking the server: bad usage, exit code 2.
package dev.portway.agent.cli;

import dev.portway.protocol.api.SocketType;

final class CliTypes {
    private CliTypes() {
    }

    /** The canonical socket type, or a usage error naming the four there are. */
    static String socketType(String given) {
        return SocketType.parse(given).orElseThrow(() -> new UsageException("--type must be one of "
                + String.join(", ", SocketType.ALL) + ", not \"" + given + "\""));
    }
}

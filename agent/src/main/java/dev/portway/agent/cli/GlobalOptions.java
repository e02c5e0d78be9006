// Options every command takes: which server, which token, JSON output, verbose errors.
package dev.portway.agent.cli;

import picocli.CommandLine.Option;

final class GlobalOptions {
    @Option(names = "--server", paramLabel = "URL",
            // Short before the address, so --help never breaks it across lines (a line may break after ':' or '/').
            description = "API URL, e.g. https://portway.example.com:7070 (or PORTWAY_SERVER).")
    String server;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "The SHA-256 fingerprint the server's HTTPS certificate must have, as the server prints it "
                    + "(or PORTWAY_FINGERPRINT); kept for later commands. Without it, the first contact with a server "
                    + "shows its fingerprint and keeps it, as ssh does.")
    String fingerprint;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (or PORTWAY_TOKEN); default: the one saved by login.")
    String token;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;
}

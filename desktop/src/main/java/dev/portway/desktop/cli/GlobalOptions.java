// Options every command takes: which server, which token, JSON output, verbose errors.
package dev.portway.desktop.cli;

import picocli.CommandLine.Option;

final class GlobalOptions {
    @Option(names = "--server", description = "Server API URL, e.g. http://127.0.0.1:7070 (or PORTWAY_SERVER).")
    String server;

    @Option(names = "--token", description = "API token (or PORTWAY_TOKEN); default: the one saved by login.")
    String token;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;
}

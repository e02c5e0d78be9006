// A command failed for a reason the user can act on; printed as one line, exit code 1.
package dev.portway.desktop.cli;

final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}

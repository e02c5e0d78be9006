// A command failed for a reason the user can act on; printed as one line, exit code 1.
package dev.portway.agent.cli;

public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}

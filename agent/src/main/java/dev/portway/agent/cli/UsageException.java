// The command was given wrong arguments that picocli cannot check itself; one line on stderr, exit code 2.
package dev.portway.agent.cli;

final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

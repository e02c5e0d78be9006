// The server could not start (port taken, data dir unusable); its message is one line for the operator.
package dev.portway.server;

public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}

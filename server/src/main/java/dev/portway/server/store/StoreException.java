// A storage failure the caller cannot fix (disk, corruption); surfaces as a 500 or a start-up error.
package dev.portway.server.store;

public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

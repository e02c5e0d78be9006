// A failed API call, with the server's error code (or a client-side one) and a message fit for a person.
package dev.portway.agent.engine;

public final class ApiException extends RuntimeException {
    public static final String UNREACHABLE = "server_unreachable";
    /** The server showed another certificate than the one trusted for it. */
    public static final String CERTIFICATE_CHANGED = "certificate_changed";
    /** The server's certificate is new to us and was not accepted. */
    public static final String UNTRUSTED_CERTIFICATE = "untrusted_certificate";

    private final String code;
    private final int status;

    public ApiException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    /** HTTP status, or 0 when the server was not reached. */
    public int status() {
        return status;
    }
}

// Error codes of the API and the link hello, each with its stable wire string and HTTP status.
package dev.portway.protocol.api;

import java.util.Arrays;
import java.util.Optional;

public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    UNKNOWN_FIELD("unknown_field", 400),
    MISSING_FIELD("missing_field", 400),
    INVALID_EMAIL("invalid_email", 400),
    WEAK_PASSWORD("weak_password", 400),
    INVALID_NAME("invalid_name", 400),
    INVALID_SOCKET_TYPE("invalid_socket_type", 400),
    INVALID_PROTECTION("invalid_protection", 400),
    INVALID_ALLOW_IP("invalid_allow_ip", 400),
    INVALID_SUBDOMAIN("invalid_subdomain", 400),
    INVALID_DOMAIN("invalid_domain", 400),
    OIDC_NOT_CONFIGURED("oidc_not_configured", 400),
    UNAUTHORIZED("unauthorized", 401),
    INVALID_CREDENTIALS("invalid_credentials", 401),
    SIGNUP_DISABLED("signup_disabled", 403),
    ACCOUNT_DISABLED("account_disabled", 403),
    FORBIDDEN("forbidden", 403),
    TLS_REQUIRED("tls_required", 403),
    LIMIT_REACHED("limit_reached", 403),
    QUOTA_EXCEEDED("quota_exceeded", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    EMAIL_TAKEN("email_taken", 409),
    NAME_TAKEN("name_taken", 409),
    LAST_ADMIN("last_admin", 409),
    REPLACED("replaced", 409),
    KICKED("kicked", 409),
    NO_PORT_AVAILABLE("no_port_available", 409),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    URI_TOO_LONG("uri_too_long", 414),
    TOO_MANY_ATTEMPTS("too_many_attempts", 429),
    TOO_MANY_STREAMS("too_many_streams", 429),
    HEADERS_TOO_LARGE("headers_too_large", 431),
    UNSUPPORTED_VERSION("unsupported_version", 426),
    INTERNAL("internal", 500),
    STORE_UNAVAILABLE("store_unavailable", 503);

    private final String wire;
    private final int status;

    ErrorCode(String wire, int status) {
        this.wire = wire;
        this.status = status;
    }

    public String wire() {
        return wire;
    }

    public int status() {
        return status;
    }

    /** The code for an HTTP status answered outside our handlers (by the HTTP server itself). */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 431 -> HEADERS_TOO_LARGE;
            default -> status < 500 ? BAD_REQUEST : INTERNAL;
        };
    }

    public static Optional<ErrorCode> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }
}

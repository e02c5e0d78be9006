// An API failure with its error code; the ApiServer turns it into {"error":{"code","message"}}, with a Retry-After
// header when the refusal says how long to wait.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import java.util.OptionalLong;

public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    /** Whole seconds for Retry-After; negative: no header. */
    private final long retryAfterSeconds;

    public ApiException(ErrorCode code, String message) {
        this(code, message, -1);
    }

    /** A refusal the caller may try again after retryAfterSeconds (sent as the Retry-After header). */
    ApiException(ErrorCode code, String message, long retryAfterSeconds) {
        super(message);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    OptionalLong retryAfter() {
        return retryAfterSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }

    static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }
}

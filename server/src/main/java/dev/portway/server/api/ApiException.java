// An API failure with its error code; the ApiServer turns it into {"error":{"code","message"}}.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;

public final class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }
}

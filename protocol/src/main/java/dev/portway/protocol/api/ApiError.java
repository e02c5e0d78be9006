// The body of every API error: {"error":{"code":"…","message":"…"}}.
package dev.portway.protocol.api;

public record ApiError(Detail error) {

    public record Detail(String code, String message) {
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Detail(code.wire(), message));
    }
}

// Reads request bodies, query parameters and the bearer token, turning every malformed input into a clear 4xx.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import io.javalin.http.Context;

final class Requests {
    private Requests() {
    }

    /** No API body needs more; a bigger one is refused while it streams in, chunked or not. */
    static final int MAX_BODY = 64 * 1024;

    /** The body as its record: not JSON, an unknown field or a missing required one is a 400 (see StrictBody). */
    static <T> T body(Context ctx, Class<T> type) {
        String text = new String(boundedBody(ctx), java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the request needs a JSON body");
        }
        return StrictBody.read(text, type);
    }

    /** Reads at most MAX_BODY bytes: one byte more is a 413, and the rest is never read into memory. */
    private static byte[] boundedBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw tooLarge();
        }
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge();
            }
            return bytes;
        } catch (java.io.IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the request body could not be read: " + e.getMessage());
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is over " + MAX_BODY / 1024
                + " KiB; API requests are small JSON objects");
    }

    /** An optional query parameter; blank counts as absent. */
    static String query(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** An optional whole-number query parameter within min..max, or a 400. */
    static Long longQuery(Context ctx, String name, long min, long max) {
        String v = query(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw new ApiException(ErrorCode.BAD_REQUEST, "?" + name + "= takes a whole number from " + min + " to "
                + max);
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "sign in first: send \"Authorization: Bearer <token>\"");
        }
        return header.substring(7).strip();
    }
}

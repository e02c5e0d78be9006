// Errors that Jetty answers before Javalin sees the request (a bad request line, an oversized URI or header
// block, an unknown method) get the API's JSON error shape too, not Jetty's HTML page.
package dev.portway.server.api;

import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

final class JsonErrorHandler extends ErrorHandler {

    static byte[] body(int status, String reason) {
        ErrorCode code = ErrorCode.forStatus(status);
        String message = reason == null || reason.isBlank() ? "the server could not take this request (HTTP "
                + status + ")" : reason;
        try {
            return Json.mapper().writeValueAsBytes(ApiError.of(code, message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests the HTTP parser refused (400, 414, 431, …): answered before any servlet runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object message = request.getAttribute("jakarta.servlet.error.message");
        byte[] bytes = body(response.getStatus(), message == null ? null : message.toString());
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        baseRequest.setHandled(true);
    }
}

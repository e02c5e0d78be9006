// The inspector server's answers: a JSON body or {"error":{"code","message"}} with its status, kept alive or closed
// as the request asked.
package dev.portway.agent.engine.inspect;

import dev.portway.protocol.json.JsonWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

final class Replies {
    private Replies() {
    }

    static void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
        send(ctx, keepAlive, status, "application/json", JsonWriter.compact(body) + "\n");
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String code,
                      String message) {
        json(ctx, keepAlive, status, errorBody(code, message));
    }

    /** The error answer alone, saying the connection ends, for a caller that ends it its own way (RequestGate). */
    static FullHttpResponse lastError(HttpResponseStatus status, String code, String message) {
        String body = JsonWriter.compact(errorBody(code, message)) + "\n";
        FullHttpResponse res = response(status, "application/json", body);
        HttpUtil.setKeepAlive(res, false);
        return res;
    }

    private static Map<String, Object> errorBody(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    /** 204: done, nothing to say. */
    static void noContent(ChannelHandlerContext ctx, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        write(ctx, keepAlive, res);
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
                     String body) {
        write(ctx, keepAlive, response(status, type, body));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        return res;
    }

    /** Sends res, closing the connection after it unless the request asked to keep it alive. */
    static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setKeepAlive(res, keepAlive);
        var written = ctx.writeAndFlush(res);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}

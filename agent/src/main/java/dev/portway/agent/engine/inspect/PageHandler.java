// The inspector's web page: a few static files from the jar at GET / and /assets/NAME, each with the headers that
// keep the page to itself (its own scripts and styles only, no frames, no referrer). Exchange content on the page is
// a visitor's, so the policy lets nothing run that the jar did not bring.
package dev.portway.agent.engine.inspect;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

final class PageHandler extends ChannelInboundHandlerAdapter {
    /**
     * Scripts, styles and calls to this origin only; images also from data: URLs (a captured image body is shown from
     * its bytes; nothing makes blob: URLs); no frames, no forms, no base.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String ASSETS = "/assets/";

    private record Asset(byte[] body, String contentType) {
    }

    /** The only files served: a name not listed here is a 404, so no path can reach anything else in the jar. */
    private static final Map<String, Asset> FILES = Map.of(
            "/", asset("index.html", "text/html; charset=utf-8"),
            ASSETS + "app.js", asset("app.js", "text/javascript; charset=utf-8"),
            ASSETS + "app.css", asset("app.css", "text/css; charset=utf-8"),
            ASSETS + "favicon.svg", asset("favicon.svg", "image/svg+xml"));

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.equals("/") && !path.startsWith(ASSETS)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean head = req.method().equals(HttpMethod.HEAD);
        boolean get = req.method().equals(HttpMethod.GET);
        ReferenceCountUtil.release(msg);
        Asset asset = FILES.get(path);
        if (asset == null) {
            Replies.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
        } else if (!get && !head) {
            Replies.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "the page is read with GET");
        } else {
            send(ctx, keepAlive, asset, head);
        }
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, Asset asset, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                // Always asked again: an agent upgrade must never leave an old script talking to a new API.
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer");
        HttpUtil.setContentLength(res, asset.body().length);
        Replies.write(ctx, keepAlive, res);
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = PageHandler.class.getResourceAsStream("/inspect/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the inspector page's " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

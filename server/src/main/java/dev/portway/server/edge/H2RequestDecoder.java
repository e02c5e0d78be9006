// An HTTP/2 visitor stream's frames as the HTTP/1.1 request parts that the front door's gate and relay read on an
// HTTP/1.1 connection: HEADERS as the request head (":authority" as Host; a body without Content-Length chunked
// toward the agent), DATA as body parts (no copy), trailing HEADERS as the last part's trailers.
package dev.portway.server.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.List;

final class H2RequestDecoder extends MessageToMessageDecoder<Http2StreamFrame> {
    private boolean headSeen;

    H2RequestDecoder() {
        super(Http2StreamFrame.class);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Http2StreamFrame frame, List<Object> out) throws Exception {
        if (frame instanceof Http2DataFrame data) {
            out.add(data.isEndStream() ? new DefaultLastHttpContent(data.content().retain())
                    : new DefaultHttpContent(data.content().retain()));
            return;
        }
        Http2HeadersFrame headers = (Http2HeadersFrame) frame;
        int id = headers.stream().id();
        if (headSeen) {
            LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
            HttpConversionUtil.addHttp2ToHttpHeaders(id, headers.headers(), last.trailingHeaders(),
                    HttpVersion.HTTP_1_1, true, true);
            out.add(last);
            return;
        }
        headSeen = true;
        HttpRequest req = HttpConversionUtil.toHttpRequest(id, headers.headers(), true);
        conversionHeaders(req.headers());
        out.add(req);
        if (headers.isEndStream()) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (!HttpUtil.isContentLengthSet(req)) {
            HttpUtil.setTransferEncodingChunked(req, true);
        }
    }

    /**
     * What the conversion adds for its own use (x-http2-*), and TE, which means nothing to the origin's hop; the
     * cookie fields an HTTP/2 client may split (RFC 9113 8.2.3) joined into the one Cookie header HTTP/1.1 allows.
     */
    private static void conversionHeaders(HttpHeaders h) {
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            h.remove(name.text());
        }
        h.remove(HttpHeaderNames.TE);
        List<String> cookies = h.getAll(HttpHeaderNames.COOKIE);
        if (cookies.size() > 1) {
            h.set(HttpHeaderNames.COOKIE, String.join("; ", cookies));
        }
    }
}
